using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;

namespace FieldKit.Tests.Domain;

public sealed class JobRulesTests
{
    // Every (from, to) pair of different statuses, and whether the lifecycle allows it.
    public static TheoryData<JobStatus, JobStatus, bool> Transitions()
    {
        var allowed = new HashSet<(JobStatus, JobStatus)>
        {
            (JobStatus.Scheduled, JobStatus.InProgress), (JobStatus.Scheduled, JobStatus.Completed), (JobStatus.Scheduled, JobStatus.Cancelled),
            (JobStatus.InProgress, JobStatus.Scheduled), (JobStatus.InProgress, JobStatus.Completed), (JobStatus.InProgress, JobStatus.Cancelled),
            (JobStatus.Completed, JobStatus.InProgress), (JobStatus.Completed, JobStatus.Invoiced),
            (JobStatus.Cancelled, JobStatus.Scheduled),
        };
        var data = new TheoryData<JobStatus, JobStatus, bool>();
        foreach (var from in Enum.GetValues<JobStatus>())
        foreach (var to in Enum.GetValues<JobStatus>())
            if (from != to) data.Add(from, to, allowed.Contains((from, to)));
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_transition_is_allowed_or_refused_with_a_reason(JobStatus from, JobStatus to, bool allowed)
    {
        Assert.Equal(allowed, JobRules.CanTransition(from, to));
        Assert.Equal(allowed, JobRules.NextStatuses(from).Contains(to));
        var why = JobRules.CheckTransition(from, to, cancelReason: "Property asked to skip this visit");
        if (allowed) Assert.Null(why);
        else Assert.Equal($"A {JobRules.Describe(from)} job cannot be marked {JobRules.Describe(to)}.", why);
    }

    [Fact]
    public void Twenty_of_the_twenty_pairs_are_covered_and_nine_are_allowed()
    {
        var pairs = Transitions().Select(row => (bool)row[2]).ToList();
        Assert.Equal(20, pairs.Count);
        Assert.Equal(9, pairs.Count(a => a));
    }

    [Theory]
    [InlineData(JobStatus.Scheduled)]
    [InlineData(JobStatus.InProgress)]
    public void Cancelling_needs_a_reason(JobStatus from)
    {
        Assert.Equal("Give a reason for cancelling.", JobRules.CheckTransition(from, JobStatus.Cancelled, null));
        Assert.Equal("Give a reason for cancelling.", JobRules.CheckTransition(from, JobStatus.Cancelled, "   "));
        Assert.Null(JobRules.CheckTransition(from, JobStatus.Cancelled, "Gate code changed, no access"));
    }

    [Theory]
    [InlineData(JobStatus.Scheduled)]
    [InlineData(JobStatus.InProgress)]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Invoiced)]
    [InlineData(JobStatus.Cancelled)]
    public void Staying_in_the_same_status_is_not_a_change(JobStatus status) =>
        Assert.Null(JobRules.CheckTransition(status, status));

    [Fact]
    public void An_invoiced_job_is_final() => Assert.Empty(JobRules.NextStatuses(JobStatus.Invoiced));

    [Theory]
    [InlineData(JobStatus.Scheduled, null)]
    [InlineData(JobStatus.InProgress, null)]
    [InlineData(JobStatus.Completed, "A completed job cannot be moved.")]
    [InlineData(JobStatus.Invoiced, "A invoiced job cannot be moved.")]
    [InlineData(JobStatus.Cancelled, "A cancelled job cannot be moved.")]
    public void Only_work_not_yet_done_can_move(JobStatus status, string? expected) =>
        Assert.Equal(expected, JobRules.CheckMove(status));

    [Fact]
    public void Statuses_read_as_words() => Assert.Equal("in progress", JobRules.Describe(JobStatus.InProgress));
}
