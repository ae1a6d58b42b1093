using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Jobs;

/// <summary>
/// The job lifecycle: scheduled → in progress → completed → invoiced, or cancelled (with a reason) before
/// completion. Enforced by the server for single and bulk changes alike.
/// </summary>
public static class JobRules
{
    private static readonly Dictionary<JobStatus, JobStatus[]> Allowed = new()
    {
        [JobStatus.Scheduled] = [JobStatus.InProgress, JobStatus.Completed, JobStatus.Cancelled],
        [JobStatus.InProgress] = [JobStatus.Scheduled, JobStatus.Completed, JobStatus.Cancelled],
        [JobStatus.Completed] = [JobStatus.InProgress, JobStatus.Invoiced],
        [JobStatus.Invoiced] = [],
        [JobStatus.Cancelled] = [JobStatus.Scheduled],
    };

    public static bool CanTransition(JobStatus from, JobStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<JobStatus> NextStatuses(JobStatus from) => Allowed[from];

    /// <summary>Null when allowed, else why not (shown to the user, also per job in bulk actions).</summary>
    public static string? CheckTransition(JobStatus from, JobStatus to, string? cancelReason = null)
    {
        if (from == to) return null;
        if (!CanTransition(from, to))
            return $"A {Describe(from)} job cannot be marked {Describe(to)}.";
        if (to == JobStatus.Cancelled && string.IsNullOrWhiteSpace(cancelReason))
            return "Give a reason for cancelling.";
        return null;
    }

    /// <summary>Only work not yet done moves on the board or in a bulk reschedule.</summary>
    public static string? CheckMove(JobStatus status) =>
        status is JobStatus.Scheduled or JobStatus.InProgress ? null : $"A {Describe(status)} job cannot be moved.";

    public static string Describe(JobStatus status) => status switch
    {
        JobStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}
