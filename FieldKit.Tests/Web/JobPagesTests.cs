using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FieldKit.Data;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Jobs;
using FieldKit.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace FieldKit.Tests.Web;

/// <summary>The job screens rendered against the real services: list and bulk bar, job page, customer section, settings.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class JobPagesTests : BunitContext, IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly BunitAuthorizationContext _auth;

    // The components' shared set-up (see ComponentTestContext) plus the job services, registered before any is resolved.
    public JobPagesTests(DataFixture fx)
    {
        Fx = fx;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        Services.AddFieldKitData(TestConfiguration.Build());
        Services.AddAccountServices();
        Services.AddScoped<CurrentCompany>();
        Services.AddScoped<CompanyDb>();
        Services.AddSingleton<CompanyAvailability>();
        Services.AddSingleton<FieldKit.Web.Features.Live.ChangeFeed>();
        Services.AddOptions<FieldKitOptions>();
        Services.AddScoped<JobService>();
        Services.AddScoped<RecurrenceService>();
        Services.AddScoped<JobListsService>();
        _auth = AddAuthorization();
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private DataFixture Fx { get; }

    public Task InitializeAsync() => Fx.ResetToDemoAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task EnterAsync(string username, string company)
    {
        var principal = await TestSessions.PrincipalForAsync(Fx, username);
        _auth.SetAuthorized(username);
        _auth.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name)]);
        Services.GetRequiredService<CurrentCompany>().Set(Fx.Catalogue.Get(company));
    }

    private async Task<(int CustomerId, List<Job> Jobs)> SeedAsync()
    {
        await using var db = Fx.Company(Company, "seed");
        db.ServiceTypes.Add(new ServiceType { Name = "Carpet clean", DefaultPrice = 250m });
        db.Crews.AddRange(new Crew { Name = "Crew A" }, new Crew { Name = "Crew B" });
        var customerId = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var today = CompanyTime.Today(TimeProvider.System, new FieldKitOptions());
        var jobs = new List<Job>
        {
            JobSeed.NewJob(customerId, today.AddDays(1)),
            JobSeed.NewJob(customerId, today.AddDays(2), JobStatus.Cancelled),
            JobSeed.NewJob(customerId, today.AddDays(-3), JobStatus.Completed),
        };
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        return (customerId, jobs);
    }

    [Fact]
    public async Task The_jobs_list_shows_jobs_from_today_and_a_refused_bulk_action_names_the_job()
    {
        var (_, jobs) = await SeedAsync();
        await EnterAsync("michele", Company);
        Render<MudPopoverProvider>();

        var page = Render<JobsPage>(p => p.Add(x => x.Company, Company));

        page.WaitForAssertion(() => Assert.Equal([jobs[0].Number.ToString(), jobs[1].Number.ToString()],
            page.FindAll("[data-testid=job-link]").Select(a => a.TextContent)), Wait);
        Assert.Empty(page.FindAll("[data-testid=bulk-bar]"));

        // Select both rows (one of them cancelled) and mark them completed.
        foreach (var box in page.FindAll("tbody input[type=checkbox]")) box.Change(true);
        page.WaitForAssertion(() => Assert.Contains("2 selected", page.Find("[data-testid=bulk-count]").TextContent), Wait);
        page.Find("[data-testid=bulk-complete]").Click();

        page.WaitForAssertion(() =>
        {
            var error = page.Find("[data-testid=bulk-error]");
            Assert.Equal(jobs[1].Number.ToString(), error.GetAttribute("data-job"));
            Assert.Contains("A cancelled job cannot be marked completed.", error.TextContent);
        }, Wait);
        await using var db = Fx.Company(Company);
        Assert.Equal(JobStatus.Scheduled, (await db.Jobs.SingleAsync(j => j.Id == jobs[0].Id)).Status);
    }

    [Fact]
    public async Task The_job_page_offers_the_allowed_statuses_and_invoicing_once_completed()
    {
        var (_, jobs) = await SeedAsync();
        await EnterAsync("michele", Company);
        Render<MudPopoverProvider>();

        var scheduled = Render<JobPage>(p => p.Add(x => x.Company, Company).Add(x => x.Id, jobs[0].Id));
        var completed = Render<JobPage>(p => p.Add(x => x.Company, Company).Add(x => x.Id, jobs[2].Id));

        scheduled.WaitForAssertion(() => Assert.Equal($"Job {jobs[0].Number}", scheduled.Find("[data-testid=job-number]").TextContent), Wait);
        Assert.Equal(["status-InProgress", "status-Completed", "status-Cancelled"],
            scheduled.FindAll("[data-testid^=status-]").Select(b => b.GetAttribute("data-testid")));
        Assert.Empty(scheduled.FindAll("[data-testid=create-invoice]"));
        completed.WaitForAssertion(() =>
            Assert.Equal($"/{Company}/invoices/new?job={jobs[2].Id}", completed.Find("[data-testid=create-invoice]").GetAttribute("href")), Wait);
        Assert.Equal(["status-InProgress"], completed.FindAll("[data-testid^=status-]").Select(b => b.GetAttribute("data-testid")));
    }

    [Fact]
    public async Task A_salesperson_sees_jobs_without_buttons_that_would_change_them()
    {
        var (customerId, jobs) = await SeedAsync();
        await EnterAsync("chriso", Company);
        Render<MudPopoverProvider>();

        var page = Render<JobPage>(p => p.Add(x => x.Company, Company).Add(x => x.Id, jobs[2].Id));
        var section = Render<CustomerJobsSection>(p => p.Add(x => x.Company, Company).Add(x => x.CustomerId, customerId));
        var settings = Render<JobListsPage>(p => p.Add(x => x.Company, Company));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=job-details]")), Wait);
        Assert.Empty(page.FindAll("[data-testid^=status-], [data-testid=edit-job], [data-testid=create-invoice]"));
        section.WaitForAssertion(() => Assert.Single(section.FindAll("[data-testid=past-jobs] [data-testid=job-row]")), Wait);
        Assert.Empty(section.FindAll("[data-testid=customer-new-job], [data-testid=customer-repeat]"));
        Assert.NotEmpty(settings.FindAll("[data-testid=not-allowed]"));
    }

    [Fact]
    public async Task The_customer_section_lists_upcoming_and_past_jobs_with_links_in_the_company()
    {
        var (customerId, jobs) = await SeedAsync();
        await EnterAsync("walter", Company);
        Render<MudPopoverProvider>();

        var section = Render<CustomerJobsSection>(p => p.Add(x => x.Company, Company).Add(x => x.CustomerId, customerId));

        section.WaitForAssertion(() =>
        {
            Assert.Equal([jobs[0].Number.ToString()], section.FindAll("[data-testid=upcoming-jobs] [data-testid=job-row]").Select(r => r.GetAttribute("data-job")));
            Assert.Equal([jobs[2].Number.ToString()], section.FindAll("[data-testid=past-jobs] [data-testid=job-row]").Select(r => r.GetAttribute("data-job")));
        }, Wait);
        Assert.Equal($"/{Company}/jobs/new?customer={customerId}", section.Find("[data-testid=customer-new-job]").GetAttribute("href"));
        Assert.Contains(section.FindAll("a"), a => a.GetAttribute("href") == $"/{Company}/jobs/{jobs[0].Id}");
    }

    [Fact]
    public async Task The_repeat_dialog_shows_server_errors_then_saves_and_schedules_twelve_weeks()
    {
        var (customerId, _) = await SeedAsync();
        await EnterAsync("walter", Company);
        var today = CompanyTime.Today(TimeProvider.System, new FieldKitOptions());
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var input = new RecurrenceInput
        {
            CustomerId = customerId, Kind = RecurrenceKind.EveryNWeeks, IntervalWeeks = 30, StartDate = today,
            ServiceType = "Carpet clean", Price = 180m,
        };
        var lists = await Services.GetRequiredService<JobListsService>().ActiveAsync();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RecurrenceDialog>("Repeat this work", new DialogParameters<RecurrenceDialog>
        {
            { d => d.Input, input }, { d => d.Lists, lists }, { d => d.Today, today },
        }));

        provider.Find("[data-testid=save-recurrence]").Click();
        provider.WaitForAssertion(() => Assert.Contains("Repeat every 1 to 26 weeks.", provider.Markup), Wait);
        Assert.Contains(JobFormat.ShortDate(today), provider.Find("[data-testid=recurrence-preview]").TextContent);

        input.IntervalWeeks = 1;
        provider.Find("[data-testid=save-recurrence]").Click();
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=recurrence-dialog]")), Wait);
        await using var db = Fx.Company(Company);
        var dates = await db.Jobs.Where(j => j.RecurrenceId != null).OrderBy(j => j.ScheduledDate).Select(j => j.ScheduledDate).ToListAsync();
        Assert.Equal(13, dates.Count);
        Assert.Equal((today, today.AddDays(84)), (dates[0], dates[^1]));
    }
}
