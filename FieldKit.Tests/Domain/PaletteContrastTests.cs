using FieldKit.Data;
using FieldKit.Domain.Companies;
using FieldKit.Tests.Infrastructure;

namespace FieldKit.Tests.Domain;

public sealed class PaletteContrastTests
{
    public static TheoryData<string> ConfiguredCompanies() =>
        new(DependencyInjection.LoadCatalogue(TestConfiguration.Build()).All.Select(c => c.Code));

    [Theory]
    [MemberData(nameof(ConfiguredCompanies))]
    public void App_bar_text_meets_WCAG_AA_on_every_configured_palette(string code)
    {
        var company = DependencyInjection.LoadCatalogue(TestConfiguration.Build()).Get(code);
        var ratio = Contrast.Ratio(company.PrimaryColor, company.AppBarTextColor);
        Assert.True(ratio >= 4.5, $"{code}: {company.AppBarTextColor} on {company.PrimaryColor} is {ratio:F2}:1");
    }

    [Fact]
    public void White_on_Kleanit_SF_green_fails_so_the_bar_uses_dark_text()
    {
        Assert.InRange(Contrast.Ratio("#00D66C", "#FFFFFF"), 1.8, 2.0);
        Assert.Equal(Contrast.NearBlack, Contrast.BestTextOn("#00D66C"));
        Assert.Equal(Contrast.White, Contrast.BestTextOn("#8B1538"));
    }

    [Theory]
    [InlineData("#FFFFFF", "#000000", 21.0)]
    [InlineData("#0052CC", "#FFFFFF", 6.82)]
    [InlineData("#777777", "#FFFFFF", 4.48)]
    public void Ratio_matches_the_WCAG_formula(string a, string b, double expected) =>
        Assert.Equal(expected, Contrast.Ratio(a, b), precision: 2);
}
