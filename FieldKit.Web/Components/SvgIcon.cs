using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace FieldKit.Web.Components;

/// <summary>
/// A MudBlazor icon as plain markup (the same element and classes MudIcon writes), for places in every tab, like
/// the app bar, where a MudIcon component would hold its own render buffers in each circuit (decision 014).
/// </summary>
public static class SvgIcon
{
    // Built once per icon, size and class: these are written on every render of the app bar and of list rows.
    private static readonly ConcurrentDictionary<(string Icon, string Size, string? Class), MarkupString> Built = new();

    public static MarkupString Medium(string icon, string? cssClass = null) => Markup(icon, "medium", cssClass);

    public static MarkupString Small(string icon, string? cssClass = null) => Markup(icon, "small", cssClass);

    private static MarkupString Markup(string icon, string size, string? cssClass) =>
        Built.GetOrAdd((icon, size, cssClass), static key => new(
            $"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{key.Size}{(key.Class is null ? "" : " " + key.Class)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>"));
}
