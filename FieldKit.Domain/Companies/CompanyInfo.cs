namespace FieldKit.Domain.Companies;

/// <summary>One company as configured in appsettings: a fifth company is a config entry plus `migrate`.</summary>
public sealed record CompanyInfo
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string ConnectionString { get; init; }
    /// <summary>App bar colour.</summary>
    public required string PrimaryColor { get; init; }
    /// <summary>Accent colour (cream for the burgundy and gray palettes).</summary>
    public string? SecondaryColor { get; init; }
    /// <summary>Logo image path under wwwroot; when absent the bar shows <see cref="Monogram"/>.</summary>
    public string? LogoPath { get; init; }
    public string Monogram { get; init; } = "";
    public int DormancyWeeks { get; init; } = 4;
    public string? RemitToAddress { get; init; }
    public string? Phone { get; init; }

    /// <summary>Text colour on the app bar: whichever of white or near-black contrasts more.</summary>
    public string AppBarTextColor => Contrast.BestTextOn(PrimaryColor);

    /// <summary>Database name read from the connection string, for messages and health checks.</summary>
    public string DatabaseName
    {
        get
        {
            foreach (var part in ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = part.Split('=', 2);
                if (kv.Length == 2 && kv[0].Trim().Equals("Database", StringComparison.OrdinalIgnoreCase))
                    return kv[1].Trim();
            }
            return Code;
        }
    }
}
