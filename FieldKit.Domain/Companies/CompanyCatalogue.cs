namespace FieldKit.Domain.Companies;

/// <summary>The configured companies, in configuration order.</summary>
public sealed class CompanyCatalogue
{
    private readonly Dictionary<string, CompanyInfo> _byCode;

    /// <summary>Refuses a code that is not a valid company code or appears twice, naming every problem at once.</summary>
    public CompanyCatalogue(IEnumerable<CompanyInfo> companies)
    {
        All = companies.ToList();
        var problems = All.Select(c => CompanyCodes.Problem(c.Code)).OfType<string>()
            .Concat(All.GroupBy(c => c.Code).Where(g => g.Count() > 1).Select(g => $"company code '{g.Key}' is configured {g.Count()} times"))
            .ToList();
        if (problems.Count > 0) throw new InvalidOperationException("Companies are misconfigured: " + string.Join("; ", problems) + ".");
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
