using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FieldKit.Domain.Companies;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FieldKit.Web.Features.Companies;

/// <summary>One MudBlazor theme per company palette, built once.</summary>
public static class CompanyThemes
{
    private static readonly ConcurrentDictionary<string, MudTheme> Cache = new();

    public static readonly MudTheme Neutral = Build("#37474F", null);

    public static MudTheme For(CompanyInfo? company) =>
        company is null ? Neutral : Cache.GetOrAdd(company.Code, _ => Build(company.PrimaryColor, company.SecondaryColor));

    /// <summary>
    /// The theme's style elements, exactly as MudThemeProvider writes them, built once per theme. The layout writes
    /// this instead of hosting a MudThemeProvider: that component rebuilt its ~60 KB string on every layout render
    /// (every navigation) and each open tab kept two copies of it (decision 015).
    /// </summary>
    public static MarkupString Css(CompanyInfo? company) => new(CssCache.GetValue(For(company), ThemeCss.Build));

    private static readonly ConditionalWeakTable<MudTheme, string> CssCache = new();

    /// <summary>Only to reach MudThemeProvider's protected CSS writers; never rendered.</summary>
    private sealed class ThemeCss : MudThemeProvider
    {
        private const string ChartStyle =
            "<style>.mud-chart-serie:hover { filter: url(#lighten); } .mud-chart-serie-hovered { filter: url(#lighten); }</style>";

        public static string Build(MudTheme theme)
        {
#pragma warning disable BL0005 // set outside a renderer on purpose: this instance only writes CSS
            var writer = new ThemeCss { Theme = theme };
#pragma warning restore BL0005
            return BuildMudBlazorScrollbar() + ChartStyle + writer.BuildTheme();
        }
    }

    private static MudTheme Build(string primary, string? secondary)
    {
        var onPrimary = Contrast.BestTextOn(primary);
        // Cream accents are unreadable as button colours on white: the secondary accent then reuses primary.
        var accent = secondary is not null && Contrast.Ratio(secondary, Contrast.White) >= 3 ? secondary : primary;
        return new MudTheme
        {
            PaletteLight = new PaletteLight
            {
                Primary = primary,
                PrimaryContrastText = onPrimary,
                Secondary = accent,
                SecondaryContrastText = Contrast.BestTextOn(accent),
                AppbarBackground = primary,
                AppbarText = onPrimary,
                Background = secondary is not null && Contrast.Ratio(secondary, Contrast.White) < 1.2 ? "#FBFBF7" : "#F7F8FA",
            },
            LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px" },
        };
    }
}
