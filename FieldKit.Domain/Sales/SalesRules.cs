using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Sales;

/// <summary>Pure sales rules: follow-up urgency, hot leads, and what logging a visit does to a prospect.</summary>
public static class SalesRules
{
    /// <summary>The tag that makes a prospect a hot lead (its latest visit carries it).</summary>
    public const string HotLeadTag = "Hot Lead";

    public enum FollowUpState { None, Upcoming, DueToday, Overdue }

    public static FollowUpState FollowUp(DateOnly? next, DateOnly today) => next switch
    {
        null => FollowUpState.None,
        { } d when d < today => FollowUpState.Overdue,
        { } d when d == today => FollowUpState.DueToday,
        _ => FollowUpState.Upcoming,
    };

    /// <summary>A first visit moves a new prospect to contacted; later stages are the salesperson's call.</summary>
    public static ProspectStatus AfterVisit(ProspectStatus status) => status == ProspectStatus.New ? ProspectStatus.Contacted : status;

    /// <summary>Won and lost prospects are closed: no follow-ups, not on the home screen.</summary>
    public static bool IsOpen(ProspectStatus status) => status is not (ProspectStatus.Won or ProspectStatus.Lost);

    public static string Label(ProspectStatus status) => status switch
    {
        ProspectStatus.DormantCustomer => "Dormant customer",
        _ => status.ToString(),
    };
}
