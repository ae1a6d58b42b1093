using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;

namespace FieldKit.Web.Features.Board;

/// <summary>What the board shows. An empty list means "no filter" (every status, every service type).</summary>
public sealed record BoardFilter
{
    public static readonly BoardFilter None = new();

    public IReadOnlyCollection<JobStatus> Statuses { get; init; } = [];
    public IReadOnlyCollection<string> ServiceTypes { get; init; } = [];

    public bool IsEmpty => Statuses.Count == 0 && ServiceTypes.Count == 0;
}

/// <summary>One job card. A record, so an unchanged job compares equal after a re-query and its card is not re-rendered.</summary>
public sealed record BoardJob(
    int Id, int Number, uint Version, DateOnly Date, TimeOnly? WindowStart, TimeOnly? WindowEnd,
    int CustomerId, string PropertyName, string? Units, string ServiceType, JobStatus Status, decimal Price, string? Crew)
{
    /// <summary>Only work not yet done moves (JobRules.CheckMove).</summary>
    public bool CanMove => JobRules.CheckMove(Status) is null;
}

public enum BoardColumnKind
{
    /// <summary>Jobs without a crew.</summary>
    Unassigned,
    /// <summary>An active crew: a move target.</summary>
    Crew,
    /// <summary>Jobs still naming a crew that is inactive or no longer exists: shown, but not a move target.</summary>
    OtherCrew,
}

/// <summary>
/// A crew's column (or the Unassigned one). <see cref="Crew"/> is what a move sends: null for Unassigned.
/// <see cref="Jobs"/> are the cards shown (the first ones, unless the column is expanded); <see cref="Count"/> and
/// <see cref="Total"/> are the whole column's.
/// </summary>
public sealed record BoardColumn(string? Crew, string Title, string Color, BoardColumnKind Kind, IReadOnlyList<BoardJob> Jobs,
    int Count, decimal Total)
{
    public const string UnassignedTitle = "Unassigned";

    public bool AcceptsMoves => Kind != BoardColumnKind.OtherCrew;

    /// <summary>The key of this column in the set of expanded columns: "" for Unassigned.</summary>
    public string Key => Crew ?? "";

    /// <summary>Cards not shown until the column is expanded.</summary>
    public int Hidden => Count - Jobs.Count;
}

/// <summary>One day of the board: a column per active crew in sort order, plus Unassigned and any other crews jobs still name.</summary>
public sealed record BoardDay(DateOnly Date, IReadOnlyList<BoardColumn> Columns, IReadOnlyList<string> ServiceTypes)
{
    public int Count => Columns.Sum(c => c.Count);

    /// <summary>Crews a job can be moved to (null = unassigned), in board order.</summary>
    public IReadOnlyList<BoardColumn> MoveTargets => Columns.Where(c => c.AcceptsMoves).ToList();
}

/// <summary>A crew's row of the week: <see cref="Counts"/> has seven entries, Monday first.</summary>
public sealed record BoardWeekRow(string? Crew, string Title, string Color, BoardColumnKind Kind, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>Job counts per crew and day, Monday to Sunday.</summary>
public sealed record BoardWeek(DateOnly Monday, IReadOnlyList<BoardWeekRow> Rows, IReadOnlyList<string> ServiceTypes)
{
    public IReadOnlyList<DateOnly> Days => Enumerable.Range(0, 7).Select(Monday.AddDays).ToList();
    public IReadOnlyList<int> DayTotals => Enumerable.Range(0, 7).Select(i => Rows.Sum(r => r.Counts[i])).ToList();
    public int Total => Rows.Sum(r => r.Total);

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

/// <summary>Where the Move dialog sends a job: a day and a crew (null = unassigned).</summary>
public sealed record BoardMoveChoice(DateOnly Date, string? Crew);
