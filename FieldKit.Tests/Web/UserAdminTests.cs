using System.Net;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class UserAdminTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static UserInput NewUser(string username, string company, Role role) => new()
    {
        Username = username,
        DisplayName = "Dana Office",
        Email = $"{username}@example.com",
        Roles = new() { [company] = [role] },
    };

    [Fact]
    public async Task An_admin_creates_a_user_who_signs_in_with_the_temporary_password_and_must_change_it()
    {
        await using var scope = await app.ForUserAsync(fx, "michele");
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var created = await users.CreateAsync(NewUser("dana", "cts", Role.Office), CancellationToken.None);

        Assert.True(created.Succeeded, created.Message);
        Assert.Null(PasswordPolicy.Validate(created.TemporaryPassword, "dana"));
        using var browser = app.App.Browser();
        var signIn = await FieldKitApp.SignInAsync(browser, "dana", created.TemporaryPassword!);
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.EndsWith("/account/change-password", signIn.Headers.Location!.OriginalString);
        var page = await browser.GetAsync("/cts");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.EndsWith("/account/change-password", page.Headers.Location!.OriginalString);

        await using var core = fx.Core();
        var audit = await core.AuditLog.Where(a => a.TableName == "users").OrderBy(a => a.Id).LastAsync();
        Assert.Equal("michele", audit.ChangedBy);
        Assert.DoesNotContain("$2", audit.NewData); // no bcrypt hash in the history
    }

    [Fact]
    public async Task Invalid_input_gets_field_messages_and_writes_nothing()
    {
        await using var scope = await app.ForUserAsync(fx, "michele");
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        await using var before = fx.Core();
        var count = await before.Users.CountAsync();

        var taken = await users.CreateAsync(NewUser("walter", "cts", Role.Office), CancellationToken.None);
        var bad = await users.CreateAsync(new UserInput { Username = "x", DisplayName = "", Email = "not-an-email" }, CancellationToken.None);

        Assert.Equal("Username 'walter' is taken.", taken.Errors[UserFields.Username]);
        Assert.Contains(UserFields.Username, bad.Errors.Keys);
        Assert.Contains(UserFields.DisplayName, bad.Errors.Keys);
        await using var after = fx.Core();
        Assert.Equal(count, await after.Users.CountAsync());
    }

    [Fact]
    public async Task A_manager_cannot_manage_users()
    {
        await using var scope = await app.ForUserAsync(fx, "walter");
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.ListAsync(false, CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => users.CreateAsync(NewUser("sneaky", "kleanit_charlotte", Role.Admin), CancellationToken.None));
    }

    [Fact]
    public async Task Changing_roles_ends_the_users_sessions()
    {
        using var walter = app.App.Browser();
        await FieldKitApp.SignInAsync(walter, "walter", FieldKit.Data.Seeding.DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await walter.GetAsync("/kleanit_charlotte")).StatusCode);

        await using (var scope = await app.ForUserAsync(fx, "michele"))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            var row = (await users.ListAsync(false, CancellationToken.None)).Single(u => u.Username == "walter");
            var input = UserInput.From(row);
            input.Roles["cts"] = [Role.Office];
            var saved = await users.UpdateAsync(row.Id, input, CancellationToken.None);
            Assert.True(saved.Succeeded, saved.Message);
        }

        var after = await walter.GetAsync("/kleanit_charlotte");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Reset_password_makes_the_old_one_useless()
    {
        await using (var scope = await app.ForUserAsync(fx, "michele"))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            var row = (await users.ListAsync(false, CancellationToken.None)).Single(u => u.Username == "patrick");
            var reset = await users.ResetPasswordAsync(row.Id, CancellationToken.None);
            Assert.True(reset.Succeeded, reset.Message);
            Assert.NotNull(reset.TemporaryPassword);
        }

        using var browser = app.App.Browser();
        var old = await FieldKitApp.SignInAsync(browser, "patrick", FieldKit.Data.Seeding.DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }
}
