namespace FieldKit.Data.Seeding;

/// <summary>A service type as job generation uses it: the list's name and default price.</summary>
internal sealed record JobServiceType(string Name, decimal DefaultPrice, int Weight, bool PerUnit);

/// <summary>Picks an index with probability proportional to its weight (cumulative sums + binary search).</summary>
internal sealed class WeightedIndex
{
    private readonly double[] _cumulative;

    public WeightedIndex(IEnumerable<double> weights)
    {
        var sum = 0d;
        _cumulative = weights.Select(w => sum += Math.Max(w, 0d)).ToArray();
        if (_cumulative.Length == 0 || sum <= 0)
            throw new ArgumentException("At least one positive weight is needed.", nameof(weights));
    }

    public int Count => _cumulative.Length;

    public int Pick(Random rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        // Not found: the complement of the first element larger than x, which is the bucket x falls in.
        i = i < 0 ? ~i : i + 1;
        return Math.Min(i, _cumulative.Length - 1);
    }
}

/// <summary>
/// The parts of a demo job that do not depend on the calendar: service, crew, window, units, PO and price.
/// Every value comes from the Random handed in, so the same seed gives the same jobs.
/// </summary>
internal sealed class JobFaker
{
    private static readonly TimeOnly FirstStart = new(7, 0);
    /// <summary>7:00 to 15:00 on the half hour.</summary>
    private const int StartSlots = 17;

    private readonly Random _rng;
    private readonly IReadOnlyList<JobServiceType> _services;
    private readonly WeightedIndex _serviceWeights;
    private readonly IReadOnlyList<string> _crews;

    public JobFaker(Random rng, IReadOnlyList<JobServiceType> services, IReadOnlyList<string> crews)
    {
        if (services.Count == 0) throw new ArgumentException("A company needs at least one service type.", nameof(services));
        _rng = rng;
        _services = services;
        _serviceWeights = new WeightedIndex(services.Select(s => (double)s.Weight));
        _crews = crews;
    }

    /// <summary>The company's lists as stored, falling back to the demo lists where a list is empty.</summary>
    public static (List<JobServiceType> Services, List<string> Crews) Lists(
        string companyCode, IReadOnlyList<(string Name, decimal? DefaultPrice)> storedServices, IReadOnlyList<string> storedCrews)
    {
        var services = storedServices.Count > 0
            ? storedServices.Select(s => new JobServiceType(s.Name, s.DefaultPrice ?? 100m,
                DemoLists.WeightOf(companyCode, s.Name), DemoLists.IsPerUnit(companyCode, s.Name))).ToList()
            : DemoLists.ServiceTypesFor(companyCode).Select(s => new JobServiceType(s.Name, s.DefaultPrice, s.Weight, s.PerUnit)).ToList();
        var crews = storedCrews.Count > 0 ? storedCrews.ToList() : DemoLists.CrewsFor(companyCode).Select(c => c.Name).ToList();
        return (services, crews);
    }

    public JobServiceType Service() => _services[_serviceWeights.Pick(_rng)];

    public string? Crew() => _crews.Count == 0 ? null : _crews[_rng.Next(_crews.Count)];

    /// <summary>Starts 7:00–15:00 on the half hour; two, two and a half or three hours long.</summary>
    public (TimeOnly Start, TimeOnly End) Window()
    {
        var start = FirstStart.AddMinutes(30 * _rng.Next(StartSlots));
        var roll = _rng.Next(10);
        var minutes = roll < 5 ? 120 : roll < 8 ? 180 : 150;
        return (start, start.AddMinutes(minutes));
    }

    /// <summary>
    /// "Bldg 4 #212, #214" or "#1204": 1–4 apartments of the property, or none (common areas, whole-area work).
    /// Count is what the price scales with (1 when no units are named).
    /// </summary>
    public (string? Units, int Count) Units(int propertyUnits, bool perUnit)
    {
        if (!perUnit || _rng.Next(10) == 0) return (null, 1);
        var roll = _rng.Next(20);
        var count = roll < 9 ? 1 : roll < 15 ? 2 : roll < 18 ? 3 : 4;
        var buildings = Math.Max(1, propertyUnits / 24);
        if (buildings > 1 && _rng.Next(5) < 4)
        {
            var building = _rng.Next(1, buildings + 1);
            var floor = _rng.Next(1, 4);
            var first = _rng.Next(1, 9);
            var apartments = Enumerable.Range(0, count).Select(i => $"#{floor}{first + 2 * i:D2}");
            return ($"Bldg {building} {string.Join(", ", apartments)}", count);
        }
        var numbers = new SortedSet<int>();
        while (numbers.Count < count)
            numbers.Add(_rng.Next(1, Math.Min(buildings, 9) + 1) * 1000 + _rng.Next(1, 4) * 100 + _rng.Next(1, 13));
        return (string.Join(", ", numbers.Select(n => $"#{n}")), count);
    }

    /// <summary>Default price × a unit factor (extra apartments at a discount) × the customer's rate, to $5.</summary>
    public static decimal Price(JobServiceType service, int unitCount, decimal customerRate)
    {
        var factor = 1m + 0.75m * (Math.Max(unitCount, 1) - 1);
        var raw = service.DefaultPrice * factor * customerRate;
        return Math.Max(5m, Math.Round(raw / 5m, MidpointRounding.AwayFromZero) * 5m);
    }

    /// <summary>A negotiated rate per customer: most pay list, big accounts a little less, some a little more.</summary>
    public decimal CustomerRate() => _rng.Next(10) switch
    {
        < 5 => 1m,
        < 8 => 0.90m,
        _ => 1.10m,
    };

    /// <summary>Customers that require a PO give one on every job; others now and then.</summary>
    public string? PoNumber(bool customerRequiresPo) =>
        customerRequiresPo || _rng.Next(25) == 0 ? $"PO-{_rng.Next(10000, 100000)}" : null;

    public string CancelReason() => DemoLists.CancelReasons[_rng.Next(DemoLists.CancelReasons.Length)];

    /// <summary>A wall-clock time in the company's zone as UTC (the job hours never fall in a DST gap).</summary>
    public static DateTime Utc(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), zone);
}
