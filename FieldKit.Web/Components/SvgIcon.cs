using Microsoft.AspNetCore.Components;

namespace FieldKit.Web.Components;

/// <summary>
/// A MudBlazor icon as plain markup (the same element and classes MudIcon writes), for places in every tab, like
/// the app bar, where a MudIcon component would hold its own render buffers in each circuit (decision 014).
/// </summary>
public static class SvgIcon
{
    public static MarkupString Medium(string icon, string? cssClass = null) => Markup(icon, "medium", cssClass);

    public static MarkupString Small(string icon, string? cssClass = null) => Markup(icon, "small", cssClass);

    private static MarkupString Markup(string icon, string size, string? cssClass) =>
        new($"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}{(cssClass is null ? "" : " " + cssClass)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{icon}</svg>");
}
