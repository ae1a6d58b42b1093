using FieldKit.Domain.Companies;

namespace FieldKit.Web.Features.Companies;

/// <summary>The company in the current route, per circuit (scoped). Set by CompanyGate as the route changes.</summary>
public sealed class CurrentCompany
{
    public CompanyInfo? Info { get; private set; }

    public string Code => Info?.Code ?? throw new InvalidOperationException("This page is not inside a company.");

    public event Action? Changed;

    public void Set(CompanyInfo? company)
    {
        if (company == Info) return;
        Info = company;
        Changed?.Invoke();
    }
}
