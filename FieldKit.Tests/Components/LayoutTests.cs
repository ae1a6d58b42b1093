using Bunit;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Components.Layout;
using FieldKit.Web.Features.Companies;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Components;

[Collection(DatabaseCollection.Name)]
public sealed class LayoutTests(DataFixture fx) : ComponentTestContext(fx)
{
    private IRenderedComponent<MainLayout> RenderLayout(string company)
    {
        Services.GetRequiredService<CurrentCompany>().Set(Fx.Catalogue.Get(company));
        return Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1 id=\"page\">Page body</h1>"))));
    }

    /// <summary>The company theme's CSS variables, as the layout writes them (one style element).</summary>
    private static string ThemeCss(IRenderedComponent<MainLayout> layout) => Assert.Single(layout.FindAll("style.mud-theme-provider")).TextContent;

    [Fact]
    public async Task Main_layout_shows_the_company_the_user_is_viewing_in_its_colours()
    {
        await SignInAsAsync("walter");

        var layout = RenderLayout("kleanit_charlotte");

        layout.WaitForAssertion(() => Assert.Contains("Walter", layout.Find("[data-testid=user-menu]").TextContent));
        Assert.Equal("Currently viewing: Kleanit Charlotte", layout.Find("[data-testid=currently-viewing]").TextContent.Trim());
        Assert.Equal("Page body", layout.Find("#page").TextContent);
        Assert.Contains("--mud-palette-appbar-background: rgba(0,82,204,1);", ThemeCss(layout));
        // Walter holds one company: there is nothing to switch to.
        Assert.Empty(layout.FindAll("[data-testid=company-switcher]"));
    }

    [Fact]
    public async Task Switcher_lists_only_the_companies_the_user_may_open()
    {
        await using (var core = Fx.Core("test"))
        {
            var user = new User { Username = "two.companies", DisplayName = "Two Companies", PasswordHash = "x" };
            user.Roles.Add(new UserCompanyRole { CompanyCode = "getagrip", Role = Role.Office });
            user.Roles.Add(new UserCompanyRole { CompanyCode = "cts", Role = Role.Manager });
            core.Users.Add(user);
            await core.SaveChangesAsync();
        }
        await SignInAsAsync("two.companies");

        var layout = RenderLayout("cts");
        layout.WaitForElement("[data-testid=company-switcher] button").Click();

        layout.WaitForAssertion(() =>
            Assert.Equal(["getagrip", "cts"], layout.FindAll("[data-switch-to]").Select(e => e.GetAttribute("data-switch-to"))));
    }

    [Fact]
    public async Task Theme_follows_the_company_when_the_route_changes()
    {
        await SignInAsAsync("michele");
        var layout = RenderLayout("kleanit_charlotte");

        Services.GetRequiredService<CurrentCompany>().Set(Fx.Catalogue.Get("getagrip"));

        layout.WaitForAssertion(() =>
        {
            Assert.Contains("--mud-palette-primary: rgba(139,21,56,1);", ThemeCss(layout));
            Assert.Equal("Currently viewing: Get a Grip Charlotte", layout.Find("[data-testid=currently-viewing]").TextContent.Trim());
        });
    }
}
