using System.Collections.Concurrent;
using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Approvals;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web;
using FieldKit.Web.Features.Approvals;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FieldKit.Tests.Approvals;

/// <summary>Builds the digest as the app does, against the test cluster, with a given clock; seeds approval requests; reads the outbox.</summary>
public static class DigestHarness
{
    public const string BaseUrl = "https://fieldkit.example.com";

    public static FieldKitOptions Options() => new() { TimeZone = "America/New_York", DigestTime = "12:00", PublicBaseUrl = BaseUrl };

    /// <param name="catalogue">Another catalogue (a company pointed at a dead server); the test cluster's by default.</param>
    public static ApprovalDigest Digest(DataFixture fx, TimeProvider clock, ILogger<ApprovalDigest>? logger = null,
        CompanyCatalogue? catalogue = null, MailWakeup? wakeup = null)
    {
        var companies = catalogue is null
            ? fx.Services.GetRequiredService<CompanyDbContextFactory>()
            : new CompanyDbContextFactory(catalogue, fx.Services.GetRequiredService<AuditInterceptor>(), fx.Services.GetRequiredService<SlowQueryInterceptor>());
        return new ApprovalDigest(catalogue ?? fx.Catalogue, companies, fx.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>(),
            new MailOutboxWriter(clock, wakeup ?? new MailWakeup()), clock, Microsoft.Extensions.Options.Options.Create(Options()),
            logger ?? new ListLogger<ApprovalDigest>());
    }

    public static ApprovalDigestWorker Worker(IApprovalDigest digest, TimeProvider clock, ILogger<ApprovalDigestWorker>? logger = null) =>
        new(digest, clock, Microsoft.Extensions.Options.Options.Create(Options()), logger ?? new ListLogger<ApprovalDigestWorker>());

    /// <summary>A pending request submitted by Chris O; returns its id.</summary>
    public static async Task<int> SubmitAsync(DataFixture fx, string company, string summary, DateTimeOffset submittedAt,
        ApprovalStatus status = ApprovalStatus.Pending, bool deleted = false)
    {
        await using var db = fx.Company(company, "chriso");
        var request = new ApprovalRequest
        {
            RequestType = ApprovalTypes.AddContact,
            TargetName = "Oakwood Apartments",
            ContactName = "Tom Davis",
            Summary = summary,
            RequestDetails = "{}",
            Status = status,
            SubmittedBy = "chriso",
            SubmittedAt = submittedAt,
        };
        db.ApprovalQueue.Add(request);
        await db.SaveChangesAsync();
        if (deleted)
        {
            db.ApprovalQueue.Remove(request); // soft delete (audit interceptor)
            await db.SaveChangesAsync();
        }
        return request.Id;
    }

    public static async Task<List<MailOutbox>> OutboxAsync(DataFixture fx)
    {
        await using var core = fx.Core();
        return await core.MailOutbox.AsNoTracking().OrderBy(m => m.Recipients).ToListAsync();
    }

    public static async Task<List<JobRun>> RunsAsync(DataFixture fx)
    {
        await using var core = fx.Core();
        return await core.JobRuns.AsNoTracking().Where(r => r.Job == ApprovalDigest.Job).OrderBy(r => r.RunDate).ThenBy(r => r.Scope).ToListAsync();
    }

    /// <summary>The catalogue with <paramref name="code"/> pointed at a port nobody listens on.</summary>
    public static CompanyCatalogue WithCompanyDown(CompanyCatalogue catalogue, string code) =>
        new(catalogue.All.Select(c => c.Code == code
            ? c with { ConnectionString = TestConfiguration.ConnectionString(c.DatabaseName, port: 1) }
            : c));

    public static async Task<DigestWorkerEvent> NextEventAsync(this ApprovalDigestWorker worker) =>
        await worker.Events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}

/// <summary>Keeps what was logged, for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}
