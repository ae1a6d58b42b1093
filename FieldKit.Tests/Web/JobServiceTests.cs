using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Jobs;
using FieldKit.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class JobServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = JobSeed.Company;
    private JobSeed.Ids _ids = default!;

    public async Task InitializeAsync() => _ids = await JobSeed.SeedAsync(fx, app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, JobService Jobs)> AsAsync(string user)
    {
        var scope = await JobSeed.ScopeAsync(app, fx, user);
        return (scope, scope.ServiceProvider.GetRequiredService<JobService>());
    }

    private JobInput ValidInput() => new()
    {
        CustomerId = _ids.Oakwood, ScheduledDate = new DateOnly(2026, 12, 7), WindowStart = new TimeOnly(8, 0), WindowEnd = new TimeOnly(12, 0),
        ServiceType = "Carpet clean", Crew = "Crew A", Units = "Bldg 4 #212, #214", PoNumber = "PO-7781", Price = 385.50m, Notes = "Gate code 4411",
    };

    [Fact]
    public async Task A_new_job_gets_the_next_number_and_the_property_address()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;

        var first = await jobs.SaveAsync(ValidInput());
        var secondInput = ValidInput();
        secondInput.ServiceAddress = "  Clubhouse, 1200 Oakwood Street  ";
        var second = await jobs.SaveAsync(secondInput);

        Assert.True(first.Succeeded, string.Join("; ", first.Errors.Values));
        Assert.True(second.Succeeded);
        await using var db = fx.Company(Company);
        var a = await db.Jobs.SingleAsync(j => j.Id == first.Id);
        var b = await db.Jobs.SingleAsync(j => j.Id == second.Id);
        Assert.True(a.Number >= 10001);
        Assert.Equal(a.Number + 1, b.Number);
        Assert.Equal("1200 Oakwood Street, Charlotte, NC 28202", a.ServiceAddress);
        Assert.Equal("Clubhouse, 1200 Oakwood Street", b.ServiceAddress);
        Assert.Equal((JobStatus.Scheduled, "Bldg 4 #212, #214", 385.50m, "walter"), (a.Status, a.Units, a.Price, a.CreatedBy));
    }

    [Fact]
    public async Task Invalid_fields_come_back_by_field_and_nothing_is_written()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var input = new JobInput
        {
            CustomerId = 999_999, ScheduledDate = null, WindowStart = new TimeOnly(14, 0), WindowEnd = new TimeOnly(9, 0),
            ServiceType = "Retired service", Crew = "Crew Z", Price = -5m, Units = new string('u', 201), PoNumber = new string('p', 51),
        };

        var result = await jobs.SaveAsync(input);

        Assert.False(result.Succeeded);
        Assert.Equal(["Crew", "CustomerId", "PoNumber", "Price", "ScheduledDate", "ServiceType", "Units", "WindowEnd"], result.Errors.Keys.Order());
        Assert.Equal("The window must end after it starts.", result.Errors["WindowEnd"]);
        Assert.Equal("'Retired service' is not one of this company's active service types.", result.Errors["ServiceType"]);
        Assert.Equal("There is no active crew named 'Crew Z'.", result.Errors["Crew"]);
        Assert.Equal("The price cannot be negative.", result.Errors["Price"]);
        await using var db = fx.Company(Company);
        Assert.Equal(0, await db.Jobs.IgnoreQueryFilters().CountAsync());
    }

    [Theory]
    [InlineData("12.345", "Use dollars and cents (at most 2 decimals).")]
    [InlineData("1000000.00", "The price cannot be more than $999,999.99.")]
    public async Task Price_is_money(string price, string message)
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var input = ValidInput();
        // Attributes cannot hold decimals; the text is parsed as decimal so no binary rounding creeps in.
        input.Price = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        input.ServiceType = "";

        var result = await jobs.SaveAsync(input);

        Assert.Equal(message, result.Errors["Price"]);
        Assert.Equal("Choose a service type.", result.Errors["ServiceType"]);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_newer_change_kept()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var id = (await jobs.SaveAsync(ValidInput())).Id!.Value;
        var mine = JobInput.From((await jobs.GetAsync(id))!.Job);
        await using (var other = fx.Company(Company, "michele"))
        {
            (await other.Jobs.SingleAsync(j => j.Id == id)).PoNumber = "PO-THEIRS";
            await other.SaveChangesAsync();
        }
        mine.PoNumber = "PO-MINE";

        var result = await jobs.SaveAsync(mine);

        Assert.False(result.Succeeded);
        Assert.True(result.Conflict);
        Assert.StartsWith("michele changed this job", result.Message);
        Assert.Equal("PO-THEIRS", (await jobs.GetAsync(id))!.Job.PoNumber);
    }

    [Fact]
    public async Task Status_changes_follow_the_lifecycle_and_are_audited()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var id = (await jobs.SaveAsync(ValidInput())).Id!.Value;

        async Task<JobActionResult> To(JobStatus status, string? reason = null) =>
            await jobs.ChangeStatusAsync(id, status, reason, (await jobs.GetAsync(id))!.Job.Version);

        Assert.True((await To(JobStatus.InProgress)).Succeeded);
        Assert.True((await To(JobStatus.Completed)).Succeeded);
        var completed = (await jobs.GetAsync(id))!;
        Assert.NotNull(completed.Job.CompletedAt);
        Assert.Equal([JobStatus.InProgress], completed.NextStatuses); // Invoiced is for invoicing only

        var refused = await To(JobStatus.Cancelled, "Too late");
        Assert.Equal("A completed job cannot be marked cancelled.", refused.Message);
        var invoiced = await To(JobStatus.Invoiced);
        Assert.Equal("A job is marked invoiced by creating its invoice.", invoiced.Message);
        Assert.Equal(JobStatus.Completed, (await jobs.GetAsync(id))!.Job.Status);

        Assert.True((await To(JobStatus.InProgress)).Succeeded); // reopened
        Assert.Null((await jobs.GetAsync(id))!.Job.CompletedAt);
        Assert.Equal("Give a reason for cancelling.", (await To(JobStatus.Cancelled, " ")).Message);
        Assert.True((await To(JobStatus.Cancelled, "Property under renovation")).Succeeded);
        Assert.Equal("Property under renovation", (await jobs.GetAsync(id))!.Job.CancelReason);

        var history = await jobs.HistoryAsync(id);
        Assert.Equal(4, history.Count(h => h.Operation == "update")); // refused changes write nothing
        Assert.All(history, h => Assert.Equal("walter", h.By));
        Assert.Contains(history, h => h.Changes.Any(c => c.Field == "Status" && c.Old == "Completed" && c.New == "InProgress"));
    }

    [Fact]
    public async Task A_stale_status_change_is_refused()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var id = (await jobs.SaveAsync(ValidInput())).Id!.Value;
        var version = (await jobs.GetAsync(id))!.Job.Version;
        Assert.True((await jobs.ChangeStatusAsync(id, JobStatus.InProgress, null, version)).Succeeded);

        var stale = await jobs.ChangeStatusAsync(id, JobStatus.Completed, null, version);

        Assert.True(stale.Conflict);
        Assert.Equal(JobStatus.InProgress, (await jobs.GetAsync(id))!.Job.Status);
    }

    [Fact]
    public async Task An_invoiced_job_cannot_be_edited_and_a_completed_one_cannot_move()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        int invoicedId, completedId;
        await using (var db = fx.Company(Company, "seed"))
        {
            var invoiced = JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 11, 2), JobStatus.Invoiced);
            var completed = JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 11, 3), JobStatus.Completed);
            db.Jobs.AddRange(invoiced, completed);
            await db.SaveChangesAsync();
            (invoicedId, completedId) = (invoiced.Id, completed.Id);
        }

        var editInvoiced = JobInput.From((await jobs.GetAsync(invoicedId))!.Job);
        editInvoiced.Price = 1m;
        var moveCompleted = JobInput.From((await jobs.GetAsync(completedId))!.Job);
        moveCompleted.ScheduledDate = new DateOnly(2026, 11, 4);
        var priceCompleted = JobInput.From((await jobs.GetAsync(completedId))!.Job);
        priceCompleted.Price = 199m;

        Assert.Equal("An invoiced job cannot be changed; change its invoice instead.", (await jobs.SaveAsync(editInvoiced)).Message);
        Assert.Equal("A completed job cannot be moved.", (await jobs.SaveAsync(moveCompleted)).Errors["ScheduledDate"]);
        Assert.True((await jobs.SaveAsync(priceCompleted)).Succeeded);
        Assert.Equal(199m, (await jobs.GetAsync(completedId))!.Job.Price);
    }

    [Fact]
    public async Task A_value_deactivated_since_stays_valid_on_the_job_that_holds_it()
    {
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var id = (await jobs.SaveAsync(ValidInput())).Id!.Value;
        await using (var db = fx.Company(Company, "seed"))
        {
            (await db.Crews.SingleAsync(c => c.Name == "Crew A")).IsActive = false;
            await db.SaveChangesAsync();
        }
        var edit = JobInput.From((await jobs.GetAsync(id))!.Job);
        edit.Notes = "Bring the big extractor";

        Assert.True((await jobs.SaveAsync(edit)).Succeeded);
        Assert.Equal("There is no active crew named 'Crew A'.", (await jobs.SaveAsync(ValidInput())).Errors["Crew"]);
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_on_the_server()
    {
        var (scope, jobs) = await AsAsync("michele");
        await using var _ = scope;
        await using (var db = fx.Company(Company, "seed"))
        {
            db.Jobs.AddRange(
                JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 12, 1), price: 100m),
                JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 12, 2), JobStatus.Completed, crew: "Crew B", price: 300m),
                JobSeed.NewJob(_ids.Riverside, new DateOnly(2026, 12, 3), crew: null, price: 200m),
                JobSeed.NewJob(_ids.Riverside, new DateOnly(2026, 12, 9), JobStatus.Cancelled, price: 50m));
            await db.SaveChangesAsync();
        }

        var all = await jobs.ListAsync(new JobListQuery());
        Assert.Equal(4, all.Total);
        Assert.Equal([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 9)],
            all.Items.Select(r => r.ScheduledDate));
        Assert.Equal("Oakwood Apartments", all.Items[0].PropertyName);

        Assert.Equal(2, (await jobs.ListAsync(new JobListQuery { From = new DateOnly(2026, 12, 2), To = new DateOnly(2026, 12, 3) })).Total);
        Assert.Equal([JobStatus.Completed], (await jobs.ListAsync(new JobListQuery { Status = JobStatus.Completed })).Items.Select(r => r.Status));
        Assert.Equal(2, (await jobs.ListAsync(new JobListQuery { CustomerId = _ids.Riverside })).Total);
        Assert.Equal([300m], (await jobs.ListAsync(new JobListQuery { Crew = "Crew B" })).Items.Select(r => r.Price));
        Assert.Equal([200m], (await jobs.ListAsync(new JobListQuery { Crew = JobListQuery.Unassigned })).Items.Select(r => r.Price));
        var byPrice = await jobs.ListAsync(new JobListQuery { SortBy = nameof(JobListRow.Price), Descending = true, PageSize = 2, Page = 1 });
        Assert.Equal(4, byPrice.Total);
        Assert.Equal([100m, 50m], byPrice.Items.Select(r => r.Price));
        var number = all.Items[2].Number;
        Assert.Equal([number], (await jobs.ListAsync(new JobListQuery { Search = $"#{number}" })).Items.Select(r => r.Number));
    }

    [Fact]
    public async Task The_customer_page_shows_upcoming_and_past_jobs()
    {
        var (scope, jobs) = await AsAsync("chriso"); // a salesperson reads jobs
        await using var _ = scope;
        var today = new DateOnly(2026, 12, 10);
        await using (var db = fx.Company(Company, "seed"))
        {
            db.Jobs.AddRange(
                JobSeed.NewJob(_ids.Oakwood, today.AddDays(7)),
                JobSeed.NewJob(_ids.Oakwood, today),
                JobSeed.NewJob(_ids.Oakwood, today.AddDays(3), JobStatus.Cancelled),
                JobSeed.NewJob(_ids.Oakwood, today.AddDays(-1), JobStatus.Completed),
                JobSeed.NewJob(_ids.Oakwood, today.AddDays(-30), JobStatus.Invoiced),
                JobSeed.NewJob(_ids.Riverside, today.AddDays(1)));
            for (var i = 0; i < 25; i++) db.Jobs.Add(JobSeed.NewJob(_ids.Riverside, today.AddDays(-40 - i), JobStatus.Completed));
            await db.SaveChangesAsync();
        }

        var oakwood = await jobs.CustomerJobsAsync(_ids.Oakwood, today);
        var riverside = await jobs.CustomerJobsAsync(_ids.Riverside, today);

        Assert.Equal([today, today.AddDays(7)], oakwood.Upcoming.Select(j => j.ScheduledDate));
        Assert.Equal([today.AddDays(-1), today.AddDays(-30)], oakwood.Past.Select(j => j.ScheduledDate));
        Assert.Single(riverside.Upcoming);
        Assert.Equal(JobService.CustomerJobsLimit, riverside.Past.Count);
        Assert.Equal(today.AddDays(-40), riverside.Past[0].ScheduledDate);
    }

    [Fact]
    public async Task A_salesperson_can_read_jobs_but_every_write_is_refused()
    {
        int id;
        await using (var db = fx.Company(Company, "seed"))
        {
            var job = JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 12, 1));
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            id = job.Id;
        }
        await using var scope = await JobSeed.ScopeAsync(app, fx, "chriso");
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        var recurrences = ActivatorUtilities.CreateInstance<RecurrenceService>(scope.ServiceProvider);
        var lists = ActivatorUtilities.CreateInstance<JobListsService>(scope.ServiceProvider);
        var version = (await jobs.GetAsync(id))!.Job.Version;

        Assert.Equal(1, (await jobs.ListAsync(new JobListQuery())).Total);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.SaveAsync(ValidInput()));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.ChangeStatusAsync(id, JobStatus.InProgress, null, version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.MoveAsync(id, new DateOnly(2026, 12, 2), null, version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.RescheduleAsync([id], new DateOnly(2026, 12, 2)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.ReassignCrewAsync([id], "Crew B"));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => jobs.CompleteAsync([id]));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => recurrences.SaveAsync(new RecurrenceInput
        {
            CustomerId = _ids.Oakwood, StartDate = new DateOnly(2026, 12, 1), ServiceType = "Carpet clean", Price = 100m,
        }));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => recurrences.GenerateAsync(null, new DateOnly(2026, 12, 1)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => lists.SaveCrewAsync(new CrewInput { Name = "Crew Q" }));
        Assert.Equal(["Carpet clean", "Tile & grout"], (await lists.ActiveAsync()).ServiceTypes.Select(s => s.Name));

        await using var db2 = fx.Company(Company);
        var unchanged = await db2.Jobs.SingleAsync();
        Assert.Equal((JobStatus.Scheduled, "seed"), (unchanged.Status, unchanged.UpdatedBy));
    }

    [Fact]
    public async Task Service_types_and_crews_are_kept_per_company_and_a_rename_reaches_open_work()
    {
        await using var scope = await JobSeed.ScopeAsync(app, fx, "walter");
        var lists = ActivatorUtilities.CreateInstance<JobListsService>(scope.ServiceProvider);
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        int openId, doneId;
        await using (var db = fx.Company(Company, "seed"))
        {
            var open = JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 12, 1));
            var done = JobSeed.NewJob(_ids.Oakwood, new DateOnly(2026, 11, 1), JobStatus.Completed);
            db.Jobs.AddRange(open, done);
            await db.SaveChangesAsync();
            (openId, doneId) = (open.Id, done.Id);
        }

        var duplicate = await lists.SaveCrewAsync(new CrewInput { Name = "crew a", Color = "#123456" });
        var badColour = await lists.SaveCrewAsync(new CrewInput { Name = "Crew C", Color = "blue" });
        var added = await lists.SaveCrewAsync(new CrewInput { Name = " Crew C ", Color = "#43a047" });
        var crewA = (await lists.AllAsync()).Crews.Single(c => c.Name == "Crew A");
        var rename = CrewInput.From(crewA);
        rename.Name = "Crew Alpha";
        var renamed = await lists.SaveCrewAsync(rename);

        Assert.Equal("There is already a crew named 'crew a'.", duplicate.Errors["Name"]);
        Assert.Equal("Use a colour like #1E88E5.", badColour.Errors["Color"]);
        Assert.True(added.Succeeded);
        Assert.True(renamed.Succeeded);
        Assert.Equal(["Crew Alpha", "Crew B", "Crew C"], (await lists.ActiveAsync()).Crews.Select(c => c.Name));
        Assert.Equal("#43A047", (await lists.ActiveAsync()).Crews.Single(c => c.Name == "Crew C").Color);
        Assert.Equal("Crew Alpha", (await jobs.GetAsync(openId))!.Job.Crew);
        Assert.Equal("Crew A", (await jobs.GetAsync(doneId))!.Job.Crew); // completed work keeps its history
        await using var other = fx.Company("cts");
        Assert.Equal(0, await other.Crews.CountAsync());
    }
}

/// <summary>Shared set-up for the job tests: two properties, service types and crews in Kleanit Charlotte, the demo users.</summary>
internal static class JobSeed
{
    public const string Company = "kleanit_charlotte";

    public sealed record Ids(int Oakwood, int Riverside);

    public static async Task<Ids> SeedAsync(DataFixture fx, AppFixture app)
    {
        await AppReadyAsync(app);
        await fx.ResetAsync();
        await using var db = fx.Company(Company, "seed");
        db.ServiceTypes.AddRange(
            new ServiceType { Name = "Carpet clean", DefaultPrice = 250m, SortOrder = 10 },
            new ServiceType { Name = "Tile & grout", SortOrder = 20 },
            new ServiceType { Name = "Retired service", SortOrder = 5, IsActive = false });
        db.Crews.AddRange(
            new Crew { Name = "Crew A", Color = "#1E88E5", SortOrder = 10 },
            new Crew { Name = "Crew B", Color = "#43A047", SortOrder = 20 },
            new Crew { Name = "Crew Z", SortOrder = 1, IsActive = false });
        var oakwood = new Customer { PropertyName = "Oakwood Apartments", Address = "1200 Oakwood Street", City = "Charlotte", State = "NC", Zip = "28202" };
        var riverside = new Customer { PropertyName = "Riverside Commons", Address = "45 River Rd", City = "Matthews", State = "NC", Zip = "28105" };
        db.Customers.AddRange(oakwood, riverside);
        await db.SaveChangesAsync();
        await fx.SeedDemoUsersAsync();
        return new Ids(oakwood.Id, riverside.Id);
    }

    /// <summary>
    /// The running app's recurrence worker generates once at start (with the real clock): let that run finish before a
    /// test builds its rows, so it never races the test's own generation.
    /// </summary>
    public static async Task AppReadyAsync(AppFixture app)
    {
        var worker = app.App.Services.GetServices<IHostedService>().OfType<RecurrenceWorker>().FirstOrDefault();
        if (worker is not null) await worker.FirstRun.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public static async Task<AsyncServiceScope> ScopeAsync(AppFixture app, DataFixture fx, string user)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(Company));
        return scope;
    }

    public static Job NewJob(int customerId, DateOnly date, JobStatus status = JobStatus.Scheduled, string? crew = "Crew A", decimal price = 250m) => new()
    {
        CustomerId = customerId, ScheduledDate = date, ServiceType = "Carpet clean", Crew = crew, Price = price, Status = status,
        CompletedAt = status is JobStatus.Completed or JobStatus.Invoiced ? new DateTimeOffset(date.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero) : null,
        CancelReason = status == JobStatus.Cancelled ? "Property asked to skip" : null,
    };
}
