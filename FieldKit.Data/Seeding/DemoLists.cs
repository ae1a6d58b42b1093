namespace FieldKit.Data.Seeding;

/// <summary>
/// A service a company sells, as the demo knows it: the default price on its list, how common it is among
/// the jobs (relative weight) and whether a job of it names units ("Bldg 4 #212, #214") or a whole area.
/// </summary>
internal sealed record ServiceSpec(string Name, decimal DefaultPrice, int Weight, bool PerUnit = true);

/// <summary>
/// The demo's configurable lists per company (service types and crews) and its job volumes. A company not
/// named here (a fifth one added by configuration) gets the carpet-cleaning list and middling volumes.
/// </summary>
internal static class DemoLists
{
    private static readonly ServiceSpec[] Kleanit =
    [
        new("Carpet Cleaning", 125m, 50),
        new("Tile & Grout", 165m, 12),
        new("Upholstery", 95m, 5),
        new("Vacancy Clean", 145m, 18),
        new("Pet Treatment", 60m, 10),
        new("Water Extraction", 225m, 5),
    ];

    private static readonly ServiceSpec[] Cts =
    [
        new("Carpet Cleaning", 120m, 48),
        new("Carpet Repair", 85m, 8),
        new("Tile & Grout", 160m, 12),
        new("Upholstery", 90m, 4),
        new("Vacancy Clean", 140m, 18),
        new("Odor Treatment", 65m, 6),
        new("Water Extraction", 210m, 4),
    ];

    private static readonly ServiceSpec[] GetAGrip =
    [
        new("Anti-Slip Treatment", 175m, 35),
        new("Tub & Shower Grip", 95m, 40),
        new("Pool Deck Grip", 650m, 5, PerUnit: false),
        new("Re-coat", 120m, 20),
    ];

    /// <summary>Distinct, readable on white, and far enough apart to tell crews apart on the board.</summary>
    private static readonly string[] CrewColors =
    [
        "#1E88E5", "#43A047", "#E53935", "#FB8C00", "#8E24AA", "#00897B", "#6D4C41", "#3949AB",
        "#C2185B", "#7CB342",
    ];

    public static IReadOnlyList<ServiceSpec> ServiceTypesFor(string companyCode) => companyCode switch
    {
        "getagrip" => GetAGrip,
        "cts" => Cts,
        _ => Kleanit,
    };

    public static IReadOnlyList<(string Name, string Color)> CrewsFor(string companyCode)
    {
        var count = companyCode switch
        {
            "kleanit_charlotte" => 8,
            "cts" => 4,
            "kleanit_sf" => 5,
            "getagrip" => 3,
            _ => 4,
        };
        return Enumerable.Range(1, count).Select(i => ($"Crew {i}", CrewColors[(i - 1) % CrewColors.Length])).ToList();
    }

    /// <summary>Jobs on a weekday, inclusive range; Saturdays run about a tenth of that, Sundays none.</summary>
    public static (int Min, int Max) WeekdayVolumeFor(string companyCode) => companyCode switch
    {
        "kleanit_charlotte" => (150, 250),
        "cts" => (30, 50),
        "kleanit_sf" => (40, 70),
        "getagrip" => (4, 12),
        _ => (20, 40),
    };

    /// <summary>How common a service is; a type added by hand in the app gets a modest share.</summary>
    public static int WeightOf(string companyCode, string serviceName) =>
        ServiceTypesFor(companyCode).FirstOrDefault(s => s.Name == serviceName)?.Weight ?? 5;

    public static bool IsPerUnit(string companyCode, string serviceName) =>
        ServiceTypesFor(companyCode).FirstOrDefault(s => s.Name == serviceName)?.PerUnit ?? true;

    public static readonly string[] CancelReasons =
    [
        "Resident not home",
        "Unit not ready",
        "Property rescheduled",
        "Customer cancelled",
        "No access to unit",
        "Weather",
        "Duplicate booking",
        "Work done by maintenance",
    ];

    public static readonly string[] CreditReasons =
    [
        "Re-clean discount",
        "Service complaint",
        "Pricing adjustment",
        "Goodwill credit",
    ];
}
