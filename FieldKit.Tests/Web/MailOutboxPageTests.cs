using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FieldKit.Data;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace FieldKit.Tests.Web;

/// <summary>The outbox pages rendered (bUnit) against the real outbox service and the test cluster.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class MailOutboxPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly BunitAuthorizationContext _auth;

    // As ComponentTestContext, plus the mail services (which must be added before the renderer resolves anything).
    public MailOutboxPageTests(DataFixture fx)
    {
        Fx = fx;
        JSInterop.Mode = JSRuntimeMode.Loose;
        var config = TestConfiguration.Build();
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        Services.AddFieldKitData(config);
        Services.AddAccountServices();
        Services.AddMail(config);
        _auth = AddAuthorization();
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private DataFixture Fx { get; }

    public Task InitializeAsync() => Fx.ResetToDemoAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task SignInAsAsync(string username)
    {
        var principal = await TestSessions.PrincipalForAsync(Fx, username);
        _auth.SetAuthorized(username);
        _auth.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name)]);
    }

    private async Task<(long Sent, long Failed)> SeedAsync()
    {
        var writer = Services.GetRequiredService<MailOutboxWriter>();
        await using var db = Fx.Core();
        var sent = writer.Enqueue(db, new OutgoingMail
        {
            To = ["pat@parkside.example"], Subject = "March statement", TextBody = "Attached.", CompanyCode = "cts",
            Attachments = [new MailAttachment("statement.pdf", [1, 2, 3], "application/pdf")],
        });
        var failed = writer.Enqueue(db, new OutgoingMail
        {
            To = ["Lee <lee@oakwood.example>"], Subject = "Approval digest", TextBody = "Two requests wait.",
            HtmlBody = "<script>alert(1)</script><p>Two requests wait.</p>", CompanyCode = "kleanit_charlotte",
        });
        await db.SaveChangesAsync();
        await db.MailOutbox.Where(m => m.Id == sent.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MailStatus.Sent));
        await db.MailOutbox.Where(m => m.Id == failed.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Failed).SetProperty(m => m.Attempts, 8).SetProperty(m => m.LastError, "SMTP 550: no such user"));
        return (sent.Id, failed.Id);
    }

    [Fact]
    public async Task An_admin_sees_the_outbox_and_retries_a_failed_mail_from_the_list()
    {
        var (_, failed) = await SeedAsync();
        await SignInAsAsync("michele");
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var page = Render<OutboxPage>();

        page.WaitForAssertion(() => Assert.Equal(["Approval digest", "March statement"],
            page.FindAll("[data-testid=outbox-open]").Select(a => a.TextContent)), Wait);
        Assert.NotEmpty(page.FindAll("[data-testid=smtp-not-configured]"));
        Assert.Contains("SMTP 550: no such user", page.Markup);

        // Find and click on the renderer's dispatcher: a late render of the grid must not replace the button in between.
        await page.InvokeAsync(() => page.Find("[data-testid=outbox-retry]").Click());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=outbox-retry]")), Wait);
        await using var db = Fx.Core();
        var row = await db.MailOutbox.AsNoTracking().SingleAsync(m => m.Id == failed);
        Assert.Equal((MailStatus.Pending, 0), (row.Status, row.Attempts));
    }

    [Fact]
    public async Task Opening_a_mail_shows_its_parts_and_never_renders_its_html()
    {
        var (_, failed) = await SeedAsync();
        await SignInAsAsync("michele");
        Render<MudPopoverProvider>();

        var page = Render<OutboxMailPage>(p => p.Add(x => x.Id, failed));

        page.WaitForAssertion(() => Assert.Equal("Approval digest", page.Find("[data-testid=mail-subject]").TextContent), Wait);
        Assert.Equal("Lee <lee@oakwood.example>", page.Find("[data-testid=mail-recipients]").TextContent);
        Assert.Equal("SMTP 550: no such user", page.Find("[data-testid=mail-last-error]").TextContent);
        Assert.Equal("8", page.Find("[data-testid=mail-attempts]").TextContent);
        Assert.Empty(page.FindAll("script"));
        Assert.NotEmpty(page.FindAll("[data-testid=mail-retry]"));
    }

    [Fact]
    public async Task A_manager_is_told_the_outbox_is_for_admins()
    {
        await SeedAsync();
        await SignInAsAsync("walter");

        var page = Render<OutboxPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=not-admin]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=outbox-grid]"));
    }
}
