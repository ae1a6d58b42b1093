namespace FieldKit.Web.Features.Jobs;

/// <summary>MudBlazor's pickers speak DateTime? and TimeSpan?; jobs keep DateOnly and TimeOnly.</summary>
public static class PickerValues
{
    public static DateTime? ToDateTime(DateOnly? d) => d?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? ToDateOnly(DateTime? d) => d is { } v ? DateOnly.FromDateTime(v) : null;

    public static TimeSpan? ToSpan(TimeOnly? t) => t?.ToTimeSpan();

    public static TimeOnly? ToTimeOnly(TimeSpan? t) => t is { } v ? TimeOnly.FromTimeSpan(v) : null;
}
