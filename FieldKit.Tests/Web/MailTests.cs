using System.Net;
using System.Net.Sockets;
using FieldKit.Data.Core;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;

namespace FieldKit.Tests.Web;

/// <summary>The outbox end to end: queued in the caller's transaction, delivered to a real SMTP server in process (netDumbster).</summary>
[Collection(DatabaseCollection.Name)]
public sealed class MailTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly int _port = FreePort();
    private SimpleSmtpServer? _server;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        _server = SimpleSmtpServer.Start(_port);
    }

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

    private SimpleSmtpServer Server => _server!;

    private SmtpOptions Smtp(Action<SmtpOptions>? change = null)
    {
        var options = new SmtpOptions
        {
            Host = "127.0.0.1", Port = _port, Security = SmtpSecurity.None, TimeoutSeconds = 5,
            FromAddress = "office@fieldkit.test", FromName = "FieldKit",
        };
        change?.Invoke(options);
        return options;
    }

    private MailSender Sender(SmtpOptions? options = null, MailWakeup? wakeup = null) =>
        new(fx.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>(), Options.Create(options ?? Smtp()), _clock,
            NullLogger<MailSender>.Instance, wakeup);

    private MailOutboxWriter Writer(MailWakeup? wakeup = null) => new(_clock, wakeup ?? new MailWakeup());

    private static OutgoingMail Statement(string subject = "Statement for March", byte[]? pdf = null) => new()
    {
        To = ["Pat Manager <pat@parkside.example>"],
        Subject = subject,
        TextBody = "Your statement is attached.\nBalance: $1,240.00",
        HtmlBody = "<p>Your statement is attached.</p><p>Balance: <b>$1,240.00</b></p>",
        Attachments = pdf is null ? [] : [new MailAttachment("statement-march.pdf", pdf, "application/pdf")],
        CompanyCode = "kleanit_charlotte",
    };

    private async Task<long> EnqueueAsync(OutgoingMail mail)
    {
        await using var db = fx.Core();
        var row = Writer().Enqueue(db, mail);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private async Task<MailOutbox> RowAsync(long id)
    {
        await using var db = fx.Core();
        return await db.MailOutbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static MimeMessage Parse(SmtpMessage received) =>
        MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Queued_mail_is_delivered_once_with_its_bodies_and_attachment()
    {
        var pdf = new byte[30 * 1024];
        new Random(7).NextBytes(pdf);
        var id = await EnqueueAsync(Statement(pdf: pdf));
        var sender = Sender();

        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));

        var received = Assert.Single(Server.ReceivedEmail);
        var message = Parse(received);
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal("pat@parkside.example", to.Address);
        Assert.Equal("Pat Manager", to.Name);
        Assert.Equal("office@fieldkit.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("Statement for March", message.Subject);
        Assert.Equal("Your statement is attached.\nBalance: $1,240.00", message.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Contains("<b>$1,240.00</b>", message.HtmlBody);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("statement-march.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());

        var row = await RowAsync(id);
        Assert.Equal(MailStatus.Sent, row.Status);
        Assert.Equal(Start, row.SentAt);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.NextAttemptAt);

        // Never twice: not on the next round, not after the lease would have run out.
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Sender().SendDueAsync(CancellationToken.None));
        Assert.Equal(1, Server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Two_senders_racing_deliver_each_mail_exactly_once()
    {
        var ids = new List<long>();
        for (var i = 1; i <= 30; i++)
            ids.Add(await EnqueueAsync(Statement($"Statement {i:00}") with { To = [$"pm{i}@parkside.example"] }));
        var a = Sender(Smtp(o => o.BatchSize = 4));
        var b = Sender(Smtp(o => o.BatchSize = 4));

        var total = 0;
        for (var round = 0; round < 50; round++)
        {
            var sent = await Task.WhenAll(a.SendDueAsync(CancellationToken.None), b.SendDueAsync(CancellationToken.None));
            total += sent.Sum();
            if (sent.Sum() == 0) break;
        }

        Assert.Equal(30, total);
        Assert.Equal(30, Server.ReceivedEmailCount);
        var subjects = Server.ReceivedEmail.Select(m => Parse(m).Subject).ToList();
        Assert.Equal(30, subjects.Distinct().Count());
        await using var db = fx.Core();
        var rows = await db.MailOutbox.AsNoTracking().ToListAsync();
        Assert.All(rows, r =>
        {
            Assert.Equal(MailStatus.Sent, r.Status);
            Assert.Equal(1, r.Attempts);
        });
    }

    [Fact]
    public async Task Without_a_server_mail_backs_off_then_fails_after_max_attempts_and_an_admin_retry_sends_it()
    {
        await fx.SeedDemoUsersAsync();
        var id = await EnqueueAsync(Statement());
        Server.Stop();
        var sender = Sender();

        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        var first = await RowAsync(id);
        Assert.Equal(MailStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(first.LastError));
        Assert.Equal(Start + TimeSpan.FromMinutes(1), first.NextAttemptAt);

        // Not due again before the backoff is over.
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Equal(1, (await RowAsync(id)).Attempts);

        var maxAttempts = new SmtpOptions().MaxAttempts;
        for (var attempt = 2; attempt <= maxAttempts; attempt++)
        {
            var before = await RowAsync(id);
            _clock.SetUtcNow(before.NextAttemptAt!.Value);
            Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
            var after = await RowAsync(id);
            Assert.Equal(attempt, after.Attempts);
            if (attempt < maxAttempts)
            {
                Assert.Equal(MailStatus.Pending, after.Status);
                Assert.Equal(_clock.GetUtcNow() + MailSender.Backoff(attempt), after.NextAttemptAt);
            }
        }
        Assert.Equal(TimeSpan.FromMinutes(2), MailSender.Backoff(2));
        Assert.Equal(TimeSpan.FromHours(1), MailSender.Backoff(7));

        var failed = await RowAsync(id);
        Assert.Equal(MailStatus.Failed, failed.Status);
        Assert.Null(failed.NextAttemptAt);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Equal(maxAttempts, (await RowAsync(id)).Attempts);

        // The server is back; an admin retries from the outbox.
        using var restarted = SimpleSmtpServer.Start(_port);
        await using (var scope = await app.ForUserAsync(fx, "michele"))
        {
            var retried = await OutboxOf(scope).RetryAsync(id, CancellationToken.None);
            Assert.True(retried.Succeeded, retried.Message);
        }
        var queued = await RowAsync(id);
        Assert.Equal(MailStatus.Pending, queued.Status);
        Assert.Equal(0, queued.Attempts);
        Assert.Null(queued.NextAttemptAt);

        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
        Assert.Equal(1, restarted.ReceivedEmailCount);
        Assert.Equal(MailStatus.Sent, (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_sender_is_retried_only_after_its_lease()
    {
        var id = await EnqueueAsync(Statement());
        // What a claim leaves behind when the instance dies mid-send: the attempt counted, the lease taken.
        var lease = TimeSpan.FromMinutes(new SmtpOptions().LeaseMinutes);
        await using (var db = fx.Core())
            await db.MailOutbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, 1).SetProperty(m => m.NextAttemptAt, Start + lease));
        var sender = Sender();

        _clock.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, Server.ReceivedEmailCount);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sender.SendDueAsync(CancellationToken.None));
        var row = await RowAsync(id);
        Assert.Equal((MailStatus.Sent, 2), (row.Status, row.Attempts));
        Assert.Equal(1, Server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Without_smtp_configuration_mail_stays_in_the_outbox()
    {
        var id = await EnqueueAsync(Statement());

        Assert.Equal(0, await Sender(new SmtpOptions()).SendDueAsync(CancellationToken.None));

        var row = await RowAsync(id);
        Assert.Equal(MailStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.NextAttemptAt);
        Assert.Equal(0, Server.ReceivedEmailCount);
    }

    [Fact]
    public async Task Mail_is_queued_only_when_the_callers_transaction_commits()
    {
        await using (var db = fx.Core())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Writer().Enqueue(db, Statement("Rolled back"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await using (var db = fx.Core())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Writer().Enqueue(db, Statement("Committed"));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        await using (var db = fx.Core())
        {
            Writer().Enqueue(db, Statement("Never saved"));
        }

        await using var check = fx.Core();
        var row = Assert.Single(await check.MailOutbox.AsNoTracking().ToListAsync());
        Assert.Equal("Committed", row.Subject);
        Assert.Equal("Pat Manager <pat@parkside.example>", row.Recipients);
        Assert.Equal(Start, row.CreatedAt);
        Assert.Equal("kleanit_charlotte", row.CompanyCode);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("pat@")]
    [InlineData("@parkside.example")]
    [InlineData("pat")]
    [InlineData("pat@parkside.example, lee@parkside.example")]
    public async Task A_malformed_recipient_is_refused_and_nothing_is_added(string recipient)
    {
        await using var db = fx.Core();

        var error = Assert.Throws<InvalidMailException>(() =>
            Writer().Enqueue(db, Statement() with { To = ["ok@parkside.example", recipient] }));

        Assert.Contains(recipient, error.Message);
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task An_empty_recipient_list_or_subject_is_refused()
    {
        await using var db = fx.Core();
        Assert.Throws<InvalidMailException>(() => Writer().Enqueue(db, Statement() with { To = [] }));
        Assert.Throws<InvalidMailException>(() => Writer().Enqueue(db, Statement() with { To = ["  ", ""] }));
        Assert.Throws<InvalidMailException>(() => Writer().Enqueue(db, Statement() with { Subject = " \r\n" }));
        Assert.Empty(db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Several_recipients_are_stored_as_a_list_and_all_receive_it()
    {
        var id = await EnqueueAsync(Statement() with
        {
            To = ["\"Lee, Assistant PM\" <lee@parkside.example>", "pat@parkside.example", "PAT@parkside.example",
                  "\"Sam \\\"Chief\\\" Doe\" <sam@parkside.example>"],
        });

        Assert.Equal(1, await Sender().SendDueAsync(CancellationToken.None));

        Assert.Equal("\"Lee, Assistant PM\" <lee@parkside.example>, pat@parkside.example, \"Sam \\\"Chief\\\" Doe\" <sam@parkside.example>",
            (await RowAsync(id)).Recipients);
        var message = Parse(Assert.Single(Server.ReceivedEmail));
        Assert.Equal(["lee@parkside.example", "pat@parkside.example", "sam@parkside.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["Lee, Assistant PM", "", "Sam \"Chief\" Doe"], message.To.Mailboxes.Select(m => m.Name ?? ""));
        Assert.Equal(3, Server.ReceivedEmail[0].ToAddresses.Length);
    }

    [Fact]
    public async Task A_nudge_wakes_the_running_sender_without_waiting_for_the_poll()
    {
        var wakeup = new MailWakeup();
        var sender = Sender(wakeup: wakeup);
        var received = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.MessageReceived += (_, _) =>
        {
            if (Interlocked.Increment(ref received) == 1) first.TrySetResult();
            else second.TrySetResult();
        };
        await EnqueueAsync(Statement("Before start"));

        await sender.StartAsync(CancellationToken.None);
        try
        {
            await first.Task.WaitAsync(TimeSpan.FromSeconds(15));
            // The fake clock never reaches the next poll: only the nudge can send this one.
            await EnqueueAsync(Statement("After commit"));
            Writer(wakeup).Nudge();
            await second.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }
        Assert.Equal(2, Server.ReceivedEmailCount);
    }

    [Fact]
    public async Task The_outbox_is_for_admins_only()
    {
        await fx.SeedDemoUsersAsync();
        var id = await EnqueueAsync(Statement());

        await using var scope = await app.ForUserAsync(fx, "walter");
        var outbox = OutboxOf(scope);

        Assert.False(await outbox.CanReadAsync());
        await Assert.ThrowsAsync<PermissionDeniedException>(() => outbox.ListAsync(new OutboxQuery(), CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => outbox.GetAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => outbox.RetryAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task An_admin_lists_newest_first_filters_opens_and_retries_failed_mail()
    {
        await fx.SeedDemoUsersAsync();
        var sent = await EnqueueAsync(Statement("Oldest, sent"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var failed = await EnqueueAsync(Statement("Middle, failed", pdf: [1, 2, 3]));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var pending = await EnqueueAsync(Statement("Newest, pending") with { CompanyCode = null });
        await using (var db = fx.Core())
        {
            await db.MailOutbox.Where(m => m.Id == sent).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MailStatus.Sent));
            await db.MailOutbox.Where(m => m.Id == failed).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MailStatus.Failed).SetProperty(m => m.Attempts, 8)
                .SetProperty(m => m.LastError, "SMTP 550 RecipientNotAccepted: no such user"));
        }

        await using var scope = await app.ForUserAsync(fx, "michele");
        var outbox = OutboxOf(scope);

        Assert.True(await outbox.CanReadAsync());
        var all = await outbox.ListAsync(new OutboxQuery(), CancellationToken.None);
        Assert.Equal([pending, failed, sent], all.Items.Select(r => r.Id));
        Assert.Equal(3, all.Total);
        Assert.Equal(1, all.CountsByStatus[MailStatus.Failed]);
        var page2 = await outbox.ListAsync(new OutboxQuery { PageSize = 2, Page = 1 }, CancellationToken.None);
        Assert.Equal([sent], page2.Items.Select(r => r.Id));
        var onlyFailed = await outbox.ListAsync(new OutboxQuery { Status = MailStatus.Failed }, CancellationToken.None);
        Assert.Equal([failed], onlyFailed.Items.Select(r => r.Id));
        var searched = await outbox.ListAsync(new OutboxQuery { Search = "newest" }, CancellationToken.None);
        Assert.Equal([pending], searched.Items.Select(r => r.Id));

        var mail = await outbox.GetAsync(failed, CancellationToken.None);
        Assert.NotNull(mail);
        Assert.Equal("Pat Manager <pat@parkside.example>", mail.Recipients);
        Assert.Contains("Balance: $1,240.00", mail.TextBody);
        Assert.Contains("<b>$1,240.00</b>", mail.HtmlBody);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal(("statement-march.pdf", "application/pdf", 3L), (attachment.Name, attachment.ContentType, attachment.Size));
        Assert.Equal("SMTP 550 RecipientNotAccepted: no such user", mail.LastError);

        Assert.False((await outbox.RetryAsync(sent, CancellationToken.None)).Succeeded);
        Assert.True((await outbox.RetryAsync(failed, CancellationToken.None)).Succeeded);
        var retried = await RowAsync(failed);
        Assert.Equal((MailStatus.Pending, 0, (DateTimeOffset?)null), (retried.Status, retried.Attempts, retried.NextAttemptAt));
        Assert.Null(await outbox.GetAsync(999_999, CancellationToken.None));
    }

    /// <summary>The app's OutboxService once AddMail is wired; until then the same class built from the app's scope.</summary>
    private static OutboxService OutboxOf(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetService<OutboxService>() ?? ActivatorUtilities.CreateInstance<OutboxService>(scope.ServiceProvider);
}
