using FieldKit.Domain.Security;

namespace FieldKit.Tests.Domain;

public sealed class PermissionTests
{
    private static readonly string[] All = ["getagrip", "kleanit_charlotte", "cts", "kleanit_sf"];

    // The demo users of DESIGN.md, as roles per company.
    private static UserAccess Demo(string username) => username switch
    {
        "chris.letize" or "michele" or "mike" => Access(username, All.Select(c => (c, Role.Admin))),
        "patrick" => Access(username, [("cts", Role.Manager)]),
        "walter" => Access(username, [("kleanit_charlotte", Role.Manager)]),
        "mikeyc" => Access(username, All.Select(c => (c, Role.Salesperson)).Append(("kleanit_sf", Role.Manager))),
        "chriso" => Access(username, All.Select(c => (c, Role.Salesperson))),
        _ => throw new ArgumentOutOfRangeException(nameof(username)),
    };

    private static UserAccess Access(string username, IEnumerable<(string Company, Role Role)> roles) =>
        new(username, username, roles.GroupBy(r => r.Company)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<Role>)g.Select(r => r.Role).ToHashSet()));

    [Theory]
    // user, company, permission, expected
    [InlineData("michele", "cts", Permission.ManageUsers, true)]
    [InlineData("michele", "kleanit_sf", Permission.DecideApprovals, true)]
    [InlineData("chris.letize", "getagrip", Permission.CrossCompanyReports, true)]
    [InlineData("mike", "kleanit_charlotte", Permission.RestoreDeleted, true)]
    [InlineData("walter", "kleanit_charlotte", Permission.DecideApprovals, true)]
    [InlineData("walter", "kleanit_charlotte", Permission.EditCustomers, true)]
    [InlineData("walter", "kleanit_charlotte", Permission.ManageUsers, false)]
    [InlineData("walter", "cts", Permission.ViewCompany, false)]
    [InlineData("walter", "getagrip", Permission.ViewCustomers, false)]
    [InlineData("patrick", "cts", Permission.DecideApprovals, true)]
    [InlineData("patrick", "cts", Permission.CompanyReports, true)]
    [InlineData("patrick", "cts", Permission.CrossCompanyReports, false)]
    [InlineData("patrick", "kleanit_charlotte", Permission.ViewCustomers, false)]
    [InlineData("mikeyc", "kleanit_sf", Permission.DecideApprovals, true)]
    [InlineData("mikeyc", "kleanit_sf", Permission.EditCustomers, true)]
    [InlineData("mikeyc", "cts", Permission.EditCustomers, false)]
    [InlineData("mikeyc", "cts", Permission.SubmitApprovals, true)]
    [InlineData("mikeyc", "getagrip", Permission.DecideApprovals, false)]
    [InlineData("chriso", "cts", Permission.ViewCustomers, true)]
    [InlineData("chriso", "cts", Permission.ManageSales, true)]
    [InlineData("chriso", "cts", Permission.EditCustomers, false)]
    [InlineData("chriso", "kleanit_charlotte", Permission.DecideApprovals, false)]
    [InlineData("chriso", "getagrip", Permission.ViewAllSales, false)]
    public void Demo_users_hold_exactly_the_permissions_of_their_roles(string user, string company, Permission permission, bool expected) =>
        Assert.Equal(expected, Demo(user).Has(company, permission));

    [Fact]
    public void Office_staff_maintain_records_but_neither_approve_nor_manage_users()
    {
        var office = RolePermissions.For(Role.Office);
        Assert.Contains(Permission.EditCustomers, office);
        Assert.Contains(Permission.ImportInvoices, office);
        Assert.DoesNotContain(Permission.DecideApprovals, office);
        Assert.DoesNotContain(Permission.ManageUsers, office);
    }

    [Fact]
    public void A_salesperson_never_writes_customer_records_directly()
    {
        var sales = RolePermissions.For(Role.Salesperson);
        Assert.DoesNotContain(Permission.EditCustomers, sales);
        Assert.DoesNotContain(Permission.EditJobs, sales);
        Assert.Contains(Permission.SubmitApprovals, sales);
    }

    [Fact]
    public void Admins_hold_every_permission() =>
        Assert.All(Enum.GetValues<Permission>(), p => Assert.True(RolePermissions.Has(Role.Admin, p)));

    [Fact]
    public void Demand_throws_with_the_company_and_a_readable_message()
    {
        var ex = Assert.Throws<PermissionDeniedException>(() => Demo("patrick").Demand("kleanit_charlotte", Permission.EditCustomers));
        Assert.Equal("kleanit_charlotte", ex.Company);
        Assert.Equal("You do not have permission to change customer records in this company.", ex.Message);
    }

    [Fact]
    public void Anonymous_has_nothing() =>
        Assert.False(UserAccess.Anonymous.Has("cts", Permission.ViewCompany));
}
