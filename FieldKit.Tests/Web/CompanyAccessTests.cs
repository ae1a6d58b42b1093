using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Web;

/// <summary>The server-side checks behind the screens: what a service does when asked for the wrong company.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class CompanyAccessTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<AsyncServiceScope> ScopeForAsync(string username) => app.ForUserAsync(fx, username);

    [Fact]
    public async Task A_cts_manager_can_neither_read_nor_write_kleanit_charlotte()
    {
        await using var scope = await ScopeForAsync("patrick");
        var companyDb = scope.ServiceProvider.GetRequiredService<CompanyDb>();

        var read = await Assert.ThrowsAsync<PermissionDeniedException>(() => companyDb.CreateAsync("kleanit_charlotte", Permission.ViewCustomers));
        Assert.Equal("kleanit_charlotte", read.Company);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => companyDb.CreateAsync("kleanit_charlotte", Permission.EditCustomers));

        await using var own = await companyDb.CreateAsync("cts", Permission.EditCustomers);
        Assert.True(await own.Customers.AnyAsync());
    }

    [Fact]
    public async Task The_context_is_bound_to_the_route_company_and_acts_as_the_user()
    {
        await using var scope = await ScopeForAsync("walter");
        var current = scope.ServiceProvider.GetRequiredService<CurrentCompany>();
        current.Set(fx.Catalogue.Get("kleanit_charlotte"));

        await using var db = await scope.ServiceProvider.GetRequiredService<CompanyDb>().CreateAsync(Permission.EditCustomers);

        Assert.Equal("kleanit_charlotte", db.CompanyCode);
        Assert.Equal("walter", db.Actor);
        Assert.Equal("fieldkit_kleanit_charlotte", db.Database.GetDbConnection().Database);
    }

    [Fact]
    public async Task A_salesperson_reads_customers_but_may_not_edit_them()
    {
        await using var scope = await ScopeForAsync("chriso");
        var companyDb = scope.ServiceProvider.GetRequiredService<CompanyDb>();

        await using (var read = await companyDb.CreateAsync("cts", Permission.ViewCustomers))
            Assert.True(await read.Customers.AnyAsync());
        await Assert.ThrowsAsync<PermissionDeniedException>(() => companyDb.CreateAsync("cts", Permission.EditCustomers));
    }
}
