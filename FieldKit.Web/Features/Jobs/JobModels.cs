using System.Globalization;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;

namespace FieldKit.Web.Features.Jobs;

/// <summary>The outcome of a change to one or more jobs. When it failed nothing was written.</summary>
public sealed record JobActionResult
{
    public bool Succeeded => Message is null && Errors.Count == 0 && JobErrors.Count == 0;
    public string? Message { get; init; }
    /// <summary>Field → message, for forms.</summary>
    public Dictionary<string, string> Errors { get; init; } = [];
    /// <summary>Job number → why that job could not be changed (bulk actions: one bad job changes nothing).</summary>
    public Dictionary<int, string> JobErrors { get; init; } = [];
    public int? Id { get; init; }
    /// <summary>Someone else saved the record first (optimistic concurrency): reload before trying again.</summary>
    public bool Conflict { get; init; }
    /// <summary>How many jobs were changed (bulk actions) or generated (recurrences).</summary>
    public int Changed { get; init; }

    public static JobActionResult Ok(int? id = null) => new() { Id = id };
    public static JobActionResult Failed(string message) => new() { Message = message };
}

public sealed record JobListQuery
{
    /// <summary>Crew filter value meaning "no crew assigned".</summary>
    public const string Unassigned = "(unassigned)";

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public JobStatus? Status { get; init; }
    public int? CustomerId { get; init; }
    /// <summary>A crew name, or <see cref="Unassigned"/>.</summary>
    public string? Crew { get; init; }
    /// <summary>Job number, PO number or units text.</summary>
    public string? Search { get; init; }
    public string SortBy { get; init; } = nameof(JobListRow.ScheduledDate);
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record JobListRow(
    int Id, int Number, DateOnly ScheduledDate, TimeOnly? WindowStart, TimeOnly? WindowEnd,
    int CustomerId, string PropertyName, string ServiceType, string? Crew, string? Units,
    JobStatus Status, decimal Price, uint Version)
{
    public string Window => JobFormat.Window(WindowStart, WindowEnd);
}

/// <summary>A customer's jobs for the customer page: upcoming (today on, not cancelled) and past.</summary>
public sealed record CustomerJobs(IReadOnlyList<JobListRow> Upcoming, IReadOnlyList<JobListRow> Past);

/// <summary>One job for the job page.</summary>
public sealed record JobDetails(
    Job Job, string PropertyName, string? PropertyAddress, string? RecurrenceDescription,
    IReadOnlyList<JobStatus> NextStatuses, int? InvoiceId, string? InvoiceNumber);

/// <summary>The job form. Version is the row version read with it (optimistic concurrency).</summary>
public sealed class JobInput
{
    public int? Id { get; set; }
    public int? CustomerId { get; set; }
    /// <summary>Empty: the property's address is used.</summary>
    public string? ServiceAddress { get; set; }
    public DateOnly? ScheduledDate { get; set; }
    public TimeOnly? WindowStart { get; set; }
    public TimeOnly? WindowEnd { get; set; }
    public string ServiceType { get; set; } = "";
    public string? Crew { get; set; }
    /// <summary>Free text such as "Bldg 4 #212, #214".</summary>
    public string? Units { get; set; }
    public string? PoNumber { get; set; }
    public decimal? Price { get; set; }
    public string? Notes { get; set; }
    public uint Version { get; set; }

    public static JobInput From(Job j) => new()
    {
        Id = j.Id, CustomerId = j.CustomerId, ServiceAddress = j.ServiceAddress, ScheduledDate = j.ScheduledDate,
        WindowStart = j.WindowStart, WindowEnd = j.WindowEnd, ServiceType = j.ServiceType, Crew = j.Crew, Units = j.Units,
        PoNumber = j.PoNumber, Price = j.Price, Notes = j.Notes, Version = j.Version,
    };

    public JobInput Copy() => (JobInput)MemberwiseClone();
}

/// <summary>The recurrence editor ("Repeat…"): every N weeks, or monthly on a day.</summary>
public sealed class RecurrenceInput
{
    public int? Id { get; set; }
    public int CustomerId { get; set; }
    public RecurrenceKind Kind { get; set; } = RecurrenceKind.EveryNWeeks;
    public int IntervalWeeks { get; set; } = 1;
    public int DayOfMonth { get; set; } = 1;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public TimeOnly? WindowStart { get; set; }
    public TimeOnly? WindowEnd { get; set; }
    public string ServiceType { get; set; } = "";
    public string? Crew { get; set; }
    public string? Units { get; set; }
    public string? PoNumber { get; set; }
    public decimal? Price { get; set; }
    public string? Notes { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }

    public static RecurrenceInput From(JobRecurrence r) => new()
    {
        Id = r.Id, CustomerId = r.CustomerId, Kind = r.Kind, IntervalWeeks = r.IntervalWeeks, DayOfMonth = r.DayOfMonth,
        StartDate = r.StartDate, EndDate = r.EndDate, WindowStart = r.WindowStart, WindowEnd = r.WindowEnd,
        ServiceType = r.ServiceType, Crew = r.Crew, Units = r.Units, PoNumber = r.PoNumber, Price = r.Price, Notes = r.Notes,
        IsActive = r.IsActive, Version = r.Version,
    };
}

public sealed record RecurrenceSummary(
    int Id, string Description, string ServiceType, string? Crew, decimal Price, DateOnly StartDate, DateOnly? EndDate,
    bool IsActive, DateOnly? NextDate, uint Version);

/// <summary>How jobs are shown: windows, money, statuses, recurrence patterns.</summary>
public static class JobFormat
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Window(TimeOnly? start, TimeOnly? end) => (start, end) switch
    {
        ({ } s, { } e) => $"{Time(s)}–{Time(e)}",
        ({ } s, null) => $"from {Time(s)}",
        (null, { } e) => $"by {Time(e)}",
        _ => "",
    };

    public static string Time(TimeOnly t) => t.ToString(t.Minute == 0 ? "h tt" : "h:mm tt", Us);

    public static string Date(DateOnly d) => d.ToString("ddd MMM d, yyyy", Us);

    public static string ShortDate(DateOnly d) => d.ToString("MMM d, yyyy", Us);

    public static string Money(decimal amount) => amount.ToString("C2", Us);

    public static string Status(JobStatus status) => status == JobStatus.InProgress ? "In progress" : status.ToString();

    public static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });

    public static string Describe(JobRecurrence r)
    {
        var pattern = r.Kind switch
        {
            RecurrenceKind.EveryNWeeks when r.IntervalWeeks <= 1 => $"Weekly on {r.StartDate.DayOfWeek}s",
            RecurrenceKind.EveryNWeeks => $"Every {r.IntervalWeeks} weeks on {r.StartDate.DayOfWeek}s",
            _ => r.DayOfMonth >= 29
                ? $"Monthly on the {Ordinal(r.DayOfMonth)} (last day in shorter months)"
                : $"Monthly on the {Ordinal(r.DayOfMonth)}",
        };
        var span = r.EndDate is { } end ? $"{ShortDate(r.StartDate)} to {ShortDate(end)}" : $"from {ShortDate(r.StartDate)}";
        return $"{pattern}, {span}";
    }

    /// <summary>The next occurrence on or after <paramref name="today"/>, if any.</summary>
    public static DateOnly? NextDate(JobRecurrence r, DateOnly today) =>
        r.IsActive ? RecurrenceSchedule.Occurrences(r, today, today.AddYears(1)).Cast<DateOnly?>().FirstOrDefault() : null;
}

/// <summary>A customer in a picker.</summary>
public sealed record CustomerOption(int Id, string Name)
{
    public override string ToString() => Name;
}
