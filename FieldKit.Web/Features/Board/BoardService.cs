using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Board;

/// <summary>
/// The schedule board of the route's company: a day by crew, and a week of counts. Reads only (moves go through
/// JobService.MoveAsync); every read checks ViewCustomers on the server. Sized for 700 jobs a day: counts and totals
/// per column are one GROUP BY, and only the cards a column shows (its first dozen, or all once expanded) are read.
/// </summary>
public sealed class BoardService(CompanyDb companyDb)
{
    /// <summary>Cards a column shows until the user asks for all of them: a screen's worth, so a 700-job day stays light.</summary>
    public const int CardsPerColumn = 12;

    /// <param name="expanded">Columns (crew names; "" for Unassigned) that show every card instead of the first <paramref name="perColumn"/>.</param>
    public async Task<BoardDay> GetDayAsync(DateOnly date, BoardFilter filter, IReadOnlySet<string>? expanded = null,
        int perColumn = CardsPerColumn, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await GetDayAsync(db, date, filter, expanded, perColumn, ct);
    }

    /// <summary>The day's queries on a given context: the benchmark runs exactly this.</summary>
    public static async Task<BoardDay> GetDayAsync(CompanyDbContext db, DateOnly date, BoardFilter filter,
        IReadOnlySet<string>? expanded, int perColumn, CancellationToken ct)
    {
        var crews = await ActiveCrewsAsync(db, ct);
        var serviceTypes = await ServiceTypesAsync(db, ct);
        var day = Filter(db.Jobs.AsNoTracking().Where(j => j.ScheduledDate == date), filter);

        // Counts and totals per column come from the database; only the cards a column shows are read.
        // By crew and service type: the same scan also names the day's service types when nothing filters it.
        var sums = await day.GroupBy(j => new { j.Crew, j.ServiceType })
            .Select(g => new { g.Key.Crew, g.Key.ServiceType, Count = g.Count(), Total = g.Sum(j => j.Price) })
            .ToListAsync(ct);
        var open = expanded is { Count: > 0 } ? expanded.ToArray() : [];
        // The first cards of each column in card order (a LATERAL join per crew of the day), plus every card of the expanded columns.
        var firstCards = day.Where(j => !open.Contains(j.Crew ?? "")).Select(j => j.Crew).Distinct()
            .SelectMany(crew => day.Where(j => j.Crew == crew || (j.Crew == null && crew == null)).OrderBy(j => j.WindowStart).ThenBy(j => j.Number).Take(perColumn));
        var allCards = day.Where(j => open.Contains(j.Crew ?? ""));
        var jobs = await (open.Length == 0 ? firstCards : firstCards.Concat(allCards))
            .Select(j => new BoardJob(j.Id, j.Number, j.Version, j.ScheduledDate, j.WindowStart, j.WindowEnd,
                j.CustomerId, j.Customer!.PropertyName, j.Units, j.ServiceType, j.Status, j.Price, j.Crew))
            .ToListAsync(ct);

        // Card order as in SQL: by window, no window last, then by number.
        var byCrew = jobs.OrderBy(j => j.WindowStart is null).ThenBy(j => j.WindowStart).ThenBy(j => j.Number)
            .GroupBy(j => j.Crew ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<BoardJob>)g.ToList(), StringComparer.Ordinal);
        var sumOf = sums.GroupBy(s => s.Crew ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Count: g.Sum(s => s.Count), Total: g.Sum(s => s.Total)), StringComparer.Ordinal);
        BoardColumn Column(string? crew, string title, string color, BoardColumnKind kind)
        {
            var key = crew ?? "";
            var sum = sumOf.GetValueOrDefault(key);
            return new BoardColumn(crew, title, color, kind, byCrew.GetValueOrDefault(key) ?? [], sum.Count, sum.Total);
        }

        var columns = new List<BoardColumn> { Column(null, BoardColumn.UnassignedTitle, UnassignedColor, BoardColumnKind.Unassigned) };
        columns.AddRange(crews.Select(c => Column(c.Name, c.Name, c.Color, BoardColumnKind.Crew)));
        var known = crews.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        columns.AddRange(sumOf.Keys.Where(k => k.Length > 0 && !known.Contains(k)).Order(StringComparer.Ordinal)
            .Select(k => Column(k, k, OtherCrewColor, BoardColumnKind.OtherCrew)));

        // The service-type choices must not shrink with the filter or the cap: unfiltered, the sums name them all;
        // filtered, ask the day for its other types (small DISTINCT).
        var dayTypes = filter.IsEmpty
            ? sums.Select(s => s.ServiceType).ToList()
            : await db.Jobs.AsNoTracking().Where(j => j.ScheduledDate == date && !serviceTypes.Contains(j.ServiceType))
                .Select(j => j.ServiceType).Distinct().ToListAsync(ct);
        return new BoardDay(date, columns, WithJobTypes(serviceTypes, dayTypes, filter));
    }

    public async Task<BoardWeek> GetWeekAsync(DateOnly anyDayInWeek, BoardFilter filter, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await GetWeekAsync(db, anyDayInWeek, filter, ct);
    }

    /// <summary>The week's queries on a given context: the benchmark runs exactly this.</summary>
    public static async Task<BoardWeek> GetWeekAsync(CompanyDbContext db, DateOnly anyDayInWeek, BoardFilter filter, CancellationToken ct)
    {
        var crews = await ActiveCrewsAsync(db, ct);
        var serviceTypes = await ServiceTypesAsync(db, ct);
        var monday = BoardWeek.MondayOf(anyDayInWeek);
        var sunday = monday.AddDays(6);

        // One GROUP BY query: (day, crew) → count.
        var counts = await Filter(db.Jobs.AsNoTracking().Where(j => j.ScheduledDate >= monday && j.ScheduledDate <= sunday), filter)
            .GroupBy(j => new { j.ScheduledDate, j.Crew })
            .Select(g => new { g.Key.ScheduledDate, g.Key.Crew, Count = g.Count() })
            .ToListAsync(ct);

        int[] CountsOf(string? crew)
        {
            var row = new int[7];
            foreach (var c in counts.Where(c => c.Crew == crew)) row[c.ScheduledDate.DayNumber - monday.DayNumber] = c.Count;
            return row;
        }

        var rows = new List<BoardWeekRow> { new(null, BoardColumn.UnassignedTitle, UnassignedColor, BoardColumnKind.Unassigned, CountsOf(null)) };
        rows.AddRange(crews.Select(c => new BoardWeekRow(c.Name, c.Name, c.Color, BoardColumnKind.Crew, CountsOf(c.Name))));
        var known = crews.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(counts.Select(c => c.Crew).OfType<string>().Where(k => !known.Contains(k)).Distinct().Order(StringComparer.Ordinal)
            .Select(k => new BoardWeekRow(k, k, OtherCrewColor, BoardColumnKind.OtherCrew, CountsOf(k))));

        return new BoardWeek(monday, rows, WithJobTypes(serviceTypes, [], filter));
    }

    public const string UnassignedColor = "#9E9E9E";
    public const string OtherCrewColor = "#BDBDBD";

    private static IQueryable<Job> Filter(IQueryable<Job> jobs, BoardFilter filter)
    {
        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.Distinct().ToArray();
            jobs = jobs.Where(j => statuses.Contains(j.Status));
        }
        if (filter.ServiceTypes.Count > 0)
        {
            var types = filter.ServiceTypes.Distinct().ToArray();
            jobs = jobs.Where(j => types.Contains(j.ServiceType));
        }
        return jobs;
    }

    private sealed record CrewInfo(string Name, string Color);

    private static Task<List<CrewInfo>> ActiveCrewsAsync(CompanyDbContext db, CancellationToken ct) =>
        db.Crews.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CrewInfo(c.Name, c.Color)).ToListAsync(ct);

    private static Task<List<string>> ServiceTypesAsync(CompanyDbContext db, CancellationToken ct) =>
        db.ServiceTypes.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => s.Name).ToListAsync(ct);

    /// <summary>The filter's choices: the configured service types, then any others that jobs or the filter name.</summary>
    private static IReadOnlyList<string> WithJobTypes(List<string> configured, IEnumerable<string> onJobs, BoardFilter filter)
    {
        var known = configured.ToHashSet(StringComparer.Ordinal);
        return [.. configured, .. onJobs.Concat(filter.ServiceTypes).Where(t => t.Length > 0 && !known.Contains(t)).Distinct().Order(StringComparer.Ordinal)];
    }
}
