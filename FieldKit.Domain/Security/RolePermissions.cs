namespace FieldKit.Domain.Security;

/// <summary>The one table mapping roles to permissions. Services check it on the server; the UI only mirrors it.</summary>
public static class RolePermissions
{
    private static readonly Dictionary<Role, HashSet<Permission>> Table = new()
    {
        [Role.Admin] = [.. Enum.GetValues<Permission>()],
        [Role.Manager] =
        [
            Permission.ViewCompany, Permission.ViewCustomers, Permission.EditCustomers, Permission.EditJobs,
            Permission.EditInvoices, Permission.RunStatements, Permission.ImportInvoices, Permission.ManageSales,
            Permission.ViewAllSales, Permission.DecideApprovals, Permission.ManageSettings, Permission.CompanyReports,
        ],
        [Role.Office] =
        [
            Permission.ViewCompany, Permission.ViewCustomers, Permission.EditCustomers, Permission.EditJobs,
            Permission.EditInvoices, Permission.RunStatements, Permission.ImportInvoices,
        ],
        [Role.Salesperson] =
        [
            Permission.ViewCompany, Permission.ViewCustomers, Permission.ManageSales, Permission.SubmitApprovals,
        ],
    };

    public static bool Has(Role role, Permission permission) => Table[role].Contains(permission);

    public static IReadOnlySet<Permission> For(Role role) => Table[role];
}
