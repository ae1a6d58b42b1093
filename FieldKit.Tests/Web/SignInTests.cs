using System.Net;
using FieldKit.Data.Seeding;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class SignInTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Password = DemoSeeder.DemoPassword;

    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Walter_signs_in_and_lands_on_his_last_company()
    {
        using var client = app.App.Browser();

        var post = await FieldKitApp.SignInAsync(client, "walter", Password);
        Assert.Equal(HttpStatusCode.Found, post.StatusCode);
        var cookie = post.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fieldkit.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Found, home.StatusCode);
        Assert.Equal("/kleanit_charlotte", home.Headers.Location!.OriginalString.Replace(app.App.BaseAddress, ""));

        var page = await client.GetAsync("/kleanit_charlotte");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Kleanit Charlotte", await page.Content.ReadAsStringAsync());
        Assert.Equal("no-store, max-age=0", page.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_answer()
    {
        using var client = app.App.Browser();

        var wrongPassword = await FieldKitApp.SignInAsync(client, "walter", "not-the-password-at-all");
        var unknownUser = await FieldKitApp.SignInAsync(client, "nobody.here", "not-the-password-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownUser.StatusCode);
        Assert.Contains(LoginService.FailureMessage, await wrongPassword.Content.ReadAsStringAsync());
        Assert.Contains(LoginService.FailureMessage, await unknownUser.Content.ReadAsStringAsync());
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie") && wrongPassword.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("fieldkit.auth=", StringComparison.Ordinal)));

        await using var core = fx.Core();
        var outcomes = await core.LoginHistory.OrderBy(h => h.Id).Select(h => h.Outcome).ToListAsync();
        Assert.Equal([LoginOutcome.WrongPassword, LoginOutcome.UnknownUser], outcomes);
    }

    [Fact]
    public async Task Sixth_attempt_within_a_minute_gets_429_even_with_the_right_password()
    {
        using var client = app.App.Browser();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await FieldKitApp.SignInAsync(client, "walter", $"wrong-password-{i:D4}")).StatusCode);

        var blocked = await FieldKitApp.SignInAsync(client, "walter", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains($"Try again in {retryAfter} second", await blocked.Content.ReadAsStringAsync());
        await using var core = fx.Core();
        Assert.Equal(LoginOutcome.RateLimited, await core.LoginHistory.OrderByDescending(h => h.Id).Select(h => h.Outcome).FirstAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_400()
    {
        using var client = app.App.Browser();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Username"] = "walter", ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var core = fx.Core();
        Assert.Empty(await core.LoginHistory.ToListAsync());
    }

    [Fact]
    public async Task A_cheaper_bcrypt_hash_is_upgraded_at_the_next_sign_in()
    {
        await using (var core = fx.Core("test"))
        {
            var user = await core.Users.SingleAsync(u => u.Username == "patrick");
            user.PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, 10);
            await core.SaveChangesAsync();
        }

        using var client = app.App.Browser();
        Assert.Equal(HttpStatusCode.Found, (await FieldKitApp.SignInAsync(client, "patrick", Password)).StatusCode);

        await using var check = fx.Core();
        var hash = await check.Users.Where(u => u.Username == "patrick").Select(u => u.PasswordHash).SingleAsync();
        Assert.False(PasswordHasher.NeedsUpgrade(hash));
        Assert.True(BCrypt.Net.BCrypt.Verify(Password, hash));
    }

    [Fact]
    public async Task Company_routes_answer_403_for_no_access_and_404_for_unknown()
    {
        using var client = app.App.Browser();
        await FieldKitApp.SignInAsync(client, "walter", Password);

        var forbidden = await client.GetAsync("/cts");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var body = await forbidden.Content.ReadAsStringAsync();
        Assert.Contains("Not allowed", body);
        Assert.DoesNotContain("CTS of Raleigh</strong>", body);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/not_a_company/customers")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_ends_the_session_even_for_a_copy_of_the_cookie()
    {
        using var client = app.App.Browser();
        await FieldKitApp.SignInAsync(client, "michele", Password);
        var stolen = client.Cookies.GetCookies(new Uri(app.App.BaseAddress))["fieldkit.auth"]!.Value;

        var token = await FieldKitApp.AntiforgeryTokenAsync(client, "/account/login");
        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var thief = app.App.Browser();
        thief.Cookies.Add(new Uri(app.App.BaseAddress), new Cookie("fieldkit.auth", stolen));
        var response = await thief.GetAsync("/kleanit_charlotte");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_open_sessions()
    {
        using var client = app.App.Browser();
        await FieldKitApp.SignInAsync(client, "chriso", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/cts")).StatusCode);

        await using (var core = fx.Core("michele"))
        {
            var user = await core.Users.SingleAsync(u => u.Username == "chriso");
            user.IsActive = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await core.SaveChangesAsync();
        }

        var after = await client.GetAsync("/cts");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString);
    }
}
