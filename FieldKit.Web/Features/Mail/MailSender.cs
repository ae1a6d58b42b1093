using FieldKit.Data.Core;
using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Operations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FieldKit.Web.Features.Mail;

/// <summary>
/// Delivers mail_outbox over SMTP (MailKit). Every <see cref="SmtpOptions.PollSeconds"/> seconds, or at once when
/// nudged, it claims due mail and sends it; without Smtp:Host it does nothing and mail stays in the outbox.
/// </summary>
/// <remarks>
/// <para><b>Claim.</b> One statement claims up to <see cref="SmtpOptions.BatchSize"/> due rows
/// (<c>status = 'Pending' AND (next_attempt_at IS NULL OR next_attempt_at &lt;= now)</c>, oldest first,
/// <c>FOR UPDATE SKIP LOCKED</c>) and, in the same commit, counts the attempt and sets <c>next_attempt_at</c> to
/// now + lease. A second instance (or a second sender in this one) skips locked rows and, once the claim commits,
/// no longer sees them as due: each attempt belongs to exactly one sender.</para>
/// <para><b>Exactly once?</b> SMTP itself cannot give it: if the process dies (or the database goes away) after the
/// server accepted the message but before the row says Sent, nothing can tell whether it went out. The guarantee is
/// at most one send per lease: the row is retried only after the lease expires. So the lease
/// (<see cref="SmtpOptions.LeaseMinutes"/>) must exceed a whole send; a claimed mail whose remaining lease is shorter
/// than three SMTP timeouts is released, not sent. Instance clocks must agree to well within the lease (NTP).
/// Each retry reuses the same Message-ID, which lets receiving mail systems recognise a rare duplicate.</para>
/// <para><b>Failure.</b> The attempt is already counted; the row gets last_error and next_attempt_at = now + backoff
/// (1 min × 2^(attempts−1), at most 1 h). After <see cref="SmtpOptions.MaxAttempts"/> attempts, or a permanent
/// refusal (5xx for the recipients or the message), it is Failed until an admin retries it.</para>
/// </remarks>
public sealed class MailSender(
    IDbContextFactory<CoreDbContext> coreFactory,
    IOptions<SmtpOptions> options,
    TimeProvider clock,
    ILogger<MailSender> logger,
    MailWakeup? wakeup = null) : BackgroundService
{
    public const string Actor = "mail-sender";
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private const int MaxErrorLength = 2000;

    private readonly SmtpOptions _options = options.Value;
    private readonly MailWakeup _wakeup = wakeup ?? new MailWakeup();
    private int _reportedDisabled;

    private TimeSpan Lease => TimeSpan.FromMinutes(_options.LeaseMinutes);
    private TimeSpan SmtpTimeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    /// <summary>Send now rather than at the next poll (this instance). Call after the commit that queued mail.</summary>
    public void Nudge() => _wakeup.Nudge();

    /// <summary>1 min × 2^(attempts−1), at most 1 h.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        if (attempts <= 1) return FirstBackoff;
        var minutes = FirstBackoff.TotalMinutes * Math.Pow(2, Math.Min(attempts - 1, 30));
        return minutes >= MaxBackoff.TotalMinutes ? MaxBackoff : TimeSpan.FromMinutes(minutes);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled()) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, _options.PollSeconds)), clock);
        Task<bool>? tick = null, nudge = null;
        try
        {
            while (true)
            {
                await DrainAsync(stoppingToken);
                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                nudge ??= _wakeup.WaitAsync(stoppingToken);
                var woke = await Task.WhenAny(tick, nudge);
                if (woke == tick)
                {
                    if (!await tick) return;
                    tick = null;
                }
                else
                {
                    await nudge;
                    nudge = null;
                    _wakeup.Consume();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    /// <summary>Rounds until less than a full batch is due, so a burst (a statement run) goes out in one wake-up.</summary>
    private Task DrainAsync(CancellationToken ct) => WorkerGuard.RunAsync(logger, "Sending mail", async token =>
    {
        for (var round = 0; round < 1000; round++)
        {
            var (claimed, _) = await RoundAsync(token);
            if (claimed < _options.BatchSize) return;
        }
    }, ct);

    /// <summary>One round: claims due mail and sends it. Returns how many were sent. Used by the loop and by tests.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct) => (await RoundAsync(ct)).Sent;

    private bool IsEnabled()
    {
        if (!_options.IsConfigured)
        {
            if (Interlocked.Exchange(ref _reportedDisabled, 1) == 0)
                logger.LogInformation("SMTP not configured; mail stays in the outbox");
            return false;
        }
        if (_options.Problem() is { } problem)
        {
            if (Interlocked.Exchange(ref _reportedDisabled, 1) == 0)
                logger.LogError("SMTP configuration is unusable ({Problem}); mail stays in the outbox", problem);
            return false;
        }
        return true;
    }

    private async Task<(int Claimed, int Sent)> RoundAsync(CancellationToken ct)
    {
        if (!IsEnabled()) return (0, 0);
        var claimed = await ClaimAsync(ct);
        if (claimed.Count == 0) return (0, 0);

        var sent = 0;
        using var client = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        try
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                var (mail, leaseUntil) = claimed[i];
                // Never start a send that could outlive the lease: another instance may claim the row after it.
                if (ct.IsCancellationRequested || clock.GetUtcNow() + SmtpTimeout * 3 >= leaseUntil)
                {
                    await ReleaseAsync(claimed.Skip(i).Select(c => c.Mail));
                    ct.ThrowIfCancellationRequested();
                    break;
                }

                MimeMessage message;
                try
                {
                    message = BuildMessage(mail);
                }
                catch (Exception ex) when (ex is InvalidMailException or FormatException or System.Text.Json.JsonException or ParseException)
                {
                    await RecordFailureAsync(mail, ex, permanent: true);
                    continue;
                }

                try
                {
                    await EnsureConnectedAsync(client, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await ReleaseAsync(claimed.Skip(i).Select(c => c.Mail));
                    throw;
                }
                catch (Exception ex)
                {
                    // No connection: this attempt fails for every mail of the round.
                    foreach (var (rest, _) in claimed.Skip(i)) await RecordFailureAsync(rest, ex, permanent: false);
                    break;
                }

                try
                {
                    await client.SendAsync(message, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Unknown whether the server took it: the lease stays, so it is retried only after the lease.
                    await ReleaseAsync(claimed.Skip(i + 1).Select(c => c.Mail));
                    throw;
                }
                catch (Exception ex)
                {
                    await RecordFailureAsync(mail, ex, IsPermanent(ex));
                    // After anything but a refused command the connection state is unknown: start afresh.
                    if (ex is not SmtpCommandException) await DisconnectQuietlyAsync(client);
                    continue;
                }

                await MarkSentAsync(mail);
                sent++;
            }
        }
        finally
        {
            await DisconnectQuietlyAsync(client);
        }
        return (claimed.Count, sent);
    }

    /// <summary>Counts the attempt and takes the lease in the same statement that selects the rows.</summary>
    private async Task<List<(MailOutbox Mail, DateTimeOffset LeaseUntil)>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + Lease;
        var pending = nameof(MailStatus.Pending);
        var batch = _options.BatchSize;
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        db.Actor = Actor;
        var rows = await db.MailOutbox.FromSql($"""
            UPDATE mail_outbox AS m
               SET attempts = m.attempts + 1, next_attempt_at = {leaseUntil}
              FROM (SELECT id FROM mail_outbox
                     WHERE status = {pending} AND (next_attempt_at IS NULL OR next_attempt_at <= {now})
                     ORDER BY id
                     LIMIT {batch}
                     FOR UPDATE SKIP LOCKED) AS due
             WHERE m.id = due.id
            RETURNING m.*
            """).AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.Id).Select(r => (r, leaseUntil)).ToList();
    }

    private MimeMessage BuildMessage(MailOutbox mail)
    {
        var from = new MailboxAddress(_options.FromName ?? "", _options.FromAddress!);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.AddRange(MailOutboxWriter.ParseStoredRecipients(mail.Recipients).Mailboxes);
        message.Subject = mail.Subject;
        message.Date = mail.CreatedAt;
        // The same id on every attempt, so a receiving system can recognise a duplicate after a lost "Sent".
        var domain = from.Address[(from.Address.LastIndexOf('@') + 1)..];
        message.MessageId = $"outbox-{mail.Id}.{mail.CreatedAt.ToUnixTimeMilliseconds()}@{domain}";
        message.Headers.Add("X-FieldKit-Outbox-Id", mail.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        foreach (var a in StoredAttachment.Deserialize(mail.Attachments))
            body.Attachments.Add(a.Name, Convert.FromBase64String(a.Content ?? ""), ContentType.Parse(a.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task EnsureConnectedAsync(SmtpClient client, CancellationToken ct)
    {
        if (client.IsConnected) return;
        var security = _options.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(_options.Host!, _options.Port, security, ct);
        if (!string.IsNullOrEmpty(_options.Username))
            await client.AuthenticateAsync(_options.Username, _options.Password ?? "", ct);
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        if (!client.IsConnected) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception)
        {
            // The mail is already recorded; a connection that does not close politely does not matter.
        }
    }

    /// <summary>5xx for the recipients or the message: trying again will not help.</summary>
    private static bool IsPermanent(Exception ex) =>
        ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } command
        && (int)command.StatusCode >= 500;

    // The bookkeeping after a send must happen even when the host is stopping: a lost "Sent" means a second send.
    private static CancellationTokenSource BookkeepingTimeout() => new(TimeSpan.FromSeconds(15));

    private async Task MarkSentAsync(MailOutbox mail)
    {
        try
        {
            using var timeout = BookkeepingTimeout();
            await using var db = await coreFactory.CreateDbContextAsync(timeout.Token);
            var now = clock.GetUtcNow();
            await db.MailOutbox.Where(m => m.Id == mail.Id && m.Status != MailStatus.Sent)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, MailStatus.Sent)
                    .SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), timeout.Token);
            logger.LogInformation("Sent mail {MailId} ({Subject}) on attempt {Attempt}", mail.Id, mail.Subject, mail.Attempts);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Mail {MailId} was sent but could not be marked Sent; it will be sent again when its lease expires", mail.Id);
        }
    }

    private async Task RecordFailureAsync(MailOutbox mail, Exception error, bool permanent)
    {
        var attempts = mail.Attempts; // already counted by the claim
        var failed = permanent || attempts >= _options.MaxAttempts;
        var next = failed ? (DateTimeOffset?)null : clock.GetUtcNow() + Backoff(attempts);
        var message = Describe(error);
        try
        {
            using var timeout = BookkeepingTimeout();
            await using var db = await coreFactory.CreateDbContextAsync(timeout.Token);
            // Only while the claim is still ours (same attempt count, still pending).
            await db.MailOutbox.Where(m => m.Id == mail.Id && m.Attempts == attempts && m.Status == MailStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, failed ? MailStatus.Failed : MailStatus.Pending)
                    .SetProperty(m => m.LastError, message)
                    .SetProperty(m => m.NextAttemptAt, next), timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the failure of mail {MailId}; it is retried when its lease expires", mail.Id);
        }
        if (failed)
            logger.LogError(error, "Mail {MailId} ({Subject}) failed after {Attempts} attempt(s) and will not be retried: {Error}",
                mail.Id, mail.Subject, attempts, message);
        else
            logger.LogWarning("Mail {MailId} attempt {Attempts} failed, next at {NextAttemptAt}: {Error}", mail.Id, attempts, next, message);
    }

    /// <summary>Gives back claimed mail that was never attempted (shutdown, lease too short): the attempt is uncounted.</summary>
    private async Task ReleaseAsync(IEnumerable<MailOutbox> mails)
    {
        foreach (var mail in mails)
        {
            try
            {
                using var timeout = BookkeepingTimeout();
                await using var db = await coreFactory.CreateDbContextAsync(timeout.Token);
                await db.MailOutbox.Where(m => m.Id == mail.Id && m.Attempts == mail.Attempts && m.Status == MailStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                        .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), timeout.Token);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not release mail {MailId}; it is retried when its lease expires", mail.Id);
            }
        }
    }

    private static string Describe(Exception ex)
    {
        var text = ex switch
        {
            SmtpCommandException c => $"SMTP {(int)c.StatusCode} {c.ErrorCode}: {c.Message}",
            SmtpProtocolException p => $"SMTP protocol error: {p.Message}",
            AuthenticationException a => $"SMTP authentication failed: {a.Message}",
            System.Net.Sockets.SocketException s => $"Cannot reach the SMTP server: {s.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
