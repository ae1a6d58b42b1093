using System.Net;
using System.Net.Sockets;
using FieldKit.Data.Core;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Approvals;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;
using static FieldKit.Tests.Approvals.DigestHarness;

namespace FieldKit.Tests.Approvals;

/// <summary>
/// The digest run against real databases with the demo users: who gets what, in which words; nobody with nothing
/// pending; exactly once per recipient and day (twice in a row, two instances at once); a company that is down.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class ApprovalDigestTests(DataFixture fx) : IAsyncLifetime
{
    // Tuesday Feb 10, 2026, noon in New York.
    private static readonly DateOnly Day = new(2026, 2, 10);
    private static readonly DateTimeOffset Noon = new(2026, 2, 10, 17, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Noon);
    private int _tomDavis, _riverside, _pineRidge;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Two pending in Kleanit Charlotte, one in CTS; an approved and a deleted one that must not show.</summary>
    private async Task SeedPendingAsync()
    {
        _tomDavis = await SubmitAsync(fx, "kleanit_charlotte", "Add contact \"Tom Davis\" to Oakwood Apartments customer record", Noon.AddHours(-7));
        _riverside = await SubmitAsync(fx, "kleanit_charlotte", "Update Riverside phone number", Noon.AddHours(-6));
        await SubmitAsync(fx, "kleanit_charlotte", "Update Lakeside email", Noon.AddHours(-8), ApprovalStatus.Approved);
        await SubmitAsync(fx, "kleanit_charlotte", "Update Deleted Court phone number", Noon.AddHours(-8), deleted: true);
        _pineRidge = await SubmitAsync(fx, "cts", "Convert prospect Pine Ridge to a customer", Noon.AddHours(-5));
        await SubmitAsync(fx, "kleanit_sf", "Update Bayview phone number", Noon.AddHours(-5), ApprovalStatus.Rejected);
    }

    private string KcSection(string names) => $"""
        KLEANIT CHARLOTTE (for {names}):
        - Add contact "Tom Davis" to Oakwood Apartments customer record
          https://fieldkit.example.com/kleanit_charlotte/approvals?item={_tomDavis}
        - Update Riverside phone number
          https://fieldkit.example.com/kleanit_charlotte/approvals?item={_riverside}
        """.ReplaceLineEndings("\n");

    private string CtsSection(string names) => $"""
        CTS OF RALEIGH (for {names}):
        - Convert prospect Pine Ridge to a customer
          https://fieldkit.example.com/cts/approvals?item={_pineRidge}
        """.ReplaceLineEndings("\n");

    private static string Mail(params string[] sections) =>
        "FIELDKIT APPROVALS NEEDED (2/10/26)\n\n" + string.Join("\n\n", sections) + "\n";

    [Fact]
    public async Task Demo_users_each_get_one_mail_with_the_companies_they_receive_for_in_the_issue_shape()
    {
        await SeedPendingAsync();

        var result = await Digest(fx, _clock).RunAsync(Day);

        Assert.Equal((5, 0), (result.MailsEnqueued, result.AlreadySent));
        Assert.Empty(result.SkippedRecipients);
        Assert.Empty(result.UnavailableCompanies);

        var mails = (await OutboxAsync(fx)).ToDictionary(m => m.Recipients);
        // Admins (all four companies) get both sections; each manager only their company; Mikey C (Kleanit SF has
        // nothing pending) and Chris O (salesperson) get nothing.
        Assert.Equal(
        [
            "Chris Letize <chris.letize@fieldkit.local>", "Michele <michele@fieldkit.local>", "Mike <mike@fieldkit.local>",
            "Patrick <patrick@fieldkit.local>", "Walter <walter@fieldkit.local>",
        ], mails.Keys.Order(StringComparer.Ordinal));

        var kc = KcSection("Walter + Chris + Michele + Mike");
        var cts = CtsSection("Patrick + Chris + Michele + Mike");
        Assert.Equal(Mail(kc), mails["Walter <walter@fieldkit.local>"].TextBody);
        Assert.Equal(Mail(cts), mails["Patrick <patrick@fieldkit.local>"].TextBody);
        foreach (var admin in new[] { "Chris Letize <chris.letize@fieldkit.local>", "Michele <michele@fieldkit.local>", "Mike <mike@fieldkit.local>" })
            Assert.Equal(Mail(kc, cts), mails[admin].TextBody);

        Assert.All(mails.Values, m =>
        {
            Assert.Equal("FIELDKIT APPROVALS NEEDED (2/10/26)", m.Subject);
            Assert.Equal(MailStatus.Pending, m.Status);
            Assert.Equal(Noon, m.CreatedAt);
        });
        Assert.Equal("kleanit_charlotte", mails["Walter <walter@fieldkit.local>"].CompanyCode);
        Assert.Equal("cts", mails["Patrick <patrick@fieldkit.local>"].CompanyCode);
        Assert.Null(mails["Michele <michele@fieldkit.local>"].CompanyCode);
        Assert.Contains($"<a href=\"https://fieldkit.example.com/cts/approvals?item={_pineRidge}\">Convert prospect Pine Ridge to a customer</a>",
            mails["Michele <michele@fieldkit.local>"].HtmlBody);
        Assert.Contains("Add contact &quot;Tom Davis&quot; to Oakwood Apartments customer record</a>", mails["Walter <walter@fieldkit.local>"].HtmlBody);

        // One claim per recipient and the day row, all for the local date.
        var runs = await RunsAsync(fx);
        Assert.Equal(["*", "user:chris.letize", "user:michele", "user:mike", "user:patrick", "user:walter"], runs.Select(r => r.Scope));
        Assert.All(runs, r => Assert.Equal(Day, r.RunDate));
        Assert.Equal("done (5 sent)", runs[0].Outcome);
        Assert.Null(runs[0].Error);
    }

    [Fact]
    public async Task Nobody_is_mailed_when_nothing_is_pending_and_the_day_is_still_marked_done()
    {
        await SubmitAsync(fx, "kleanit_charlotte", "Update Lakeside email", Noon.AddHours(-8), ApprovalStatus.Approved);
        await SubmitAsync(fx, "cts", "Update Deleted Court phone number", Noon.AddHours(-8), deleted: true);
        var digest = Digest(fx, _clock);

        var result = await digest.RunAsync(Day);

        Assert.Equal((0, 0), (result.MailsEnqueued, result.AlreadySent));
        Assert.Empty(await OutboxAsync(fx));
        Assert.Equal("*", Assert.Single(await RunsAsync(fx)).Scope);
        Assert.True(await digest.IsDoneAsync(Day));
        Assert.False(await digest.IsDoneAsync(Day.AddDays(1)));
    }

    [Fact]
    public async Task Inactive_users_are_left_out_and_a_recipient_without_email_is_skipped_and_logged()
    {
        await SeedPendingAsync();
        await using (var core = fx.Core())
        {
            await core.Users.Where(u => u.Username == "mike").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
            await core.Users.Where(u => u.Username == "walter").ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, (string?)null));
            await core.Users.Where(u => u.Username == "patrick").ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, "not an address"));
        }
        var log = new ListLogger<ApprovalDigest>();

        var result = await Digest(fx, _clock, log).RunAsync(Day);

        Assert.Equal(2, result.MailsEnqueued);
        Assert.Equal(["patrick", "walter"], result.SkippedRecipients);
        var mails = (await OutboxAsync(fx)).ToDictionary(m => m.Recipients);
        Assert.Equal(["Chris Letize <chris.letize@fieldkit.local>", "Michele <michele@fieldkit.local>"], mails.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Mail(KcSection("Chris + Michele"), CtsSection("Chris + Michele")), mails["Michele <michele@fieldkit.local>"].TextBody);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("walter", StringComparison.Ordinal) && e.Message.Contains("no usable email", StringComparison.Ordinal));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("patrick", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("mike", StringComparison.Ordinal) && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Running_twice_the_same_day_sends_nothing_more_and_the_next_day_sends_again()
    {
        await SeedPendingAsync();
        var digest = Digest(fx, _clock);

        var first = await digest.RunAsync(Day);
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await digest.RunAsync(Day);

        Assert.Equal((5, 0), (first.MailsEnqueued, first.AlreadySent));
        Assert.Equal((0, 5), (second.MailsEnqueued, second.AlreadySent));
        Assert.Equal(5, (await OutboxAsync(fx)).Count);

        _clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await digest.RunAsync(Day.AddDays(1));
        Assert.Equal(5, nextDay.MailsEnqueued);
        var outbox = await OutboxAsync(fx);
        Assert.Equal(10, outbox.Count);
        Assert.Equal(5, outbox.Count(m => m.Subject == "FIELDKIT APPROVALS NEEDED (2/11/26)"));
    }

    [Fact]
    public async Task Two_instances_running_at_once_send_each_recipient_exactly_one_mail()
    {
        await SeedPendingAsync();

        for (var day = 0; day < 3; day++)
        {
            var date = Day.AddDays(day);
            // Two instances: their own digest objects, each claim on its own connection.
            var a = Digest(fx, _clock);
            var b = Digest(fx, _clock);
            var results = await Task.WhenAll(Task.Run(() => a.RunAsync(date)), Task.Run(() => b.RunAsync(date)));

            Assert.Equal(5, results.Sum(r => r.MailsEnqueued));
            Assert.Equal(5, results.Sum(r => r.AlreadySent));
        }

        var outbox = await OutboxAsync(fx);
        Assert.Equal(15, outbox.Count);
        Assert.All(outbox.GroupBy(m => (m.Recipients, m.Subject)), g => Assert.Single(g));
        var runs = await RunsAsync(fx);
        Assert.Equal(18, runs.Count); // 5 recipients + the day row, three days
    }

    [Fact]
    public async Task A_company_whose_database_is_down_is_left_out_and_logged_and_the_others_are_sent()
    {
        await SeedPendingAsync();
        var log = new ListLogger<ApprovalDigest>();
        var digest = Digest(fx, _clock, log, WithCompanyDown(fx.Catalogue, "cts"));

        var result = await digest.RunAsync(Day);

        Assert.Equal(["cts"], result.UnavailableCompanies);
        Assert.Equal(4, result.MailsEnqueued);
        var mails = (await OutboxAsync(fx)).ToDictionary(m => m.Recipients);
        Assert.DoesNotContain("Patrick <patrick@fieldkit.local>", mails.Keys);
        Assert.Equal(Mail(KcSection("Walter + Chris + Michele + Mike")), mails["Michele <michele@fieldkit.local>"].TextBody);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cts", StringComparison.Ordinal) && e.Exception is not null);
        var day = (await RunsAsync(fx)).Single(r => r.Scope == "*");
        Assert.Equal("partial (4 sent)", day.Outcome);
        Assert.Contains("cts unavailable", day.Error);
    }

    [Fact]
    public async Task A_digest_reaches_a_real_smtp_server_with_its_subject_text_and_links()
    {
        await SeedPendingAsync();
        var port = FreePort();
        using var server = SimpleSmtpServer.Start(port);
        await Digest(fx, _clock).RunAsync(Day);
        var sender = new MailSender(fx.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>(),
            Microsoft.Extensions.Options.Options.Create(new SmtpOptions
            {
                Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, TimeoutSeconds = 5,
                FromAddress = "office@fieldkit.test", FromName = "FieldKit",
            }), _clock, NullLogger<MailSender>.Instance);

        Assert.Equal(5, await sender.SendDueAsync(CancellationToken.None));

        Assert.Equal(5, server.ReceivedEmailCount);
        var walter = server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .Single(m => m.To.Mailboxes.Single().Address == "walter@fieldkit.local");
        Assert.Equal("Walter", walter.To.Mailboxes.Single().Name);
        Assert.Equal("FIELDKIT APPROVALS NEEDED (2/10/26)", walter.Subject);
        Assert.Equal(Mail(KcSection("Walter + Chris + Michele + Mike")).TrimEnd('\n'), walter.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains($"href=\"https://fieldkit.example.com/kleanit_charlotte/approvals?item={_riverside}\"", walter.HtmlBody);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
