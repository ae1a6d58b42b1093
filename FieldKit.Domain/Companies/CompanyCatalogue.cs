namespace FieldKit.Domain.Companies;

/// <summary>The configured companies, in configuration order.</summary>
public sealed class CompanyCatalogue
{
    private readonly Dictionary<string, CompanyInfo> _byCode;

    public CompanyCatalogue(IEnumerable<CompanyInfo> companies)
    {
        All = companies.ToList();
        _byCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<CompanyInfo> All { get; }

    public CompanyInfo? Find(string? code) =>
        code is not null && _byCode.TryGetValue(code, out var c) ? c : null;

    public CompanyInfo Get(string code) =>
        Find(code) ?? throw new UnknownCompanyException(code);

    public bool Exists(string? code) => Find(code) is not null;
}

public sealed class UnknownCompanyException(string code) : Exception($"Unknown company '{code}'.")
{
    public string Code { get; } = code;
}
