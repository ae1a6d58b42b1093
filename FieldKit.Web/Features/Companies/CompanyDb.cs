using FieldKit.Data.Company;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;

namespace FieldKit.Web.Features.Companies;

/// <summary>
/// The one way components and services get a company database: a short-lived context for the route's
/// company, refused unless the signed-in user holds the permission there (defence in depth behind the route check).
/// </summary>
public sealed class CompanyDb(CompanyDbContextFactory factory, CurrentCompany current, CurrentUser user)
{
    public string Company => current.Code;

    /// <summary>A context for the current company after checking <paramref name="permission"/> on the server.</summary>
    public Task<CompanyDbContext> CreateAsync(Permission permission, CancellationToken ct = default) =>
        CreateAsync(current.Code, permission, ct);

    public Task<CompanyDbContext> CreateAsync(CancellationToken ct = default) =>
        CreateAsync(current.Code, Permission.ViewCompany, ct);

    /// <summary>A context for a named company (cross-company screens); the same check applies.</summary>
    public async Task<CompanyDbContext> CreateAsync(string company, Permission permission, CancellationToken ct = default)
    {
        var access = await user.GetAsync(ct);
        access.Demand(company, permission);
        return factory.Create(company, access.Username);
    }

    public Task<UserAccess> AccessAsync(CancellationToken ct = default) => user.GetAsync(ct);
}
