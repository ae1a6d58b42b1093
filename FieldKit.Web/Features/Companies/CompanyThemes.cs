using System.Collections.Concurrent;
using FieldKit.Domain.Companies;
using MudBlazor;

namespace FieldKit.Web.Features.Companies;

/// <summary>One MudBlazor theme per company palette, built once.</summary>
public static class CompanyThemes
{
    private static readonly ConcurrentDictionary<string, MudTheme> Cache = new();

    public static readonly MudTheme Neutral = Build("#37474F", null);

    public static MudTheme For(CompanyInfo? company) =>
        company is null ? Neutral : Cache.GetOrAdd(company.Code, _ => Build(company.PrimaryColor, company.SecondaryColor));

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
