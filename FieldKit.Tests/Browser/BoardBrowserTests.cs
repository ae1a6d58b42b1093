using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

[Collection(DatabaseCollection.Name)]
public sealed class BoardBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private static readonly DateOnly Day = new(2026, 11, 26);
    private int _jobId, _jobNumber;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await using var db = fx.Company(Company, "seed");
        db.Crews.AddRange(new Crew { Name = "Crew A", SortOrder = 1 }, new Crew { Name = "Crew B", SortOrder = 2 });
        var oakwood = new Customer { PropertyName = "Oakwood Apartments" };
        var job = new Job
        {
            Customer = oakwood, ScheduledDate = Day, Crew = "Crew A", WindowStart = new TimeOnly(8, 0), WindowEnd = new TimeOnly(10, 0),
            ServiceType = "Carpet Cleaning", Units = "24", Price = 240,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        (_jobId, _jobNumber) = (job.Id, await db.Jobs.Where(j => j.Id == job.Id).Select(j => j.Number).SingleAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static ILocator Column(IPage page, string crew) => page.Locator($"[data-testid=board-column][data-crew='{crew}']");

    [Fact]
    public async Task Walter_drags_a_job_to_another_crew()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "walter");
        await page.GotoAsync($"/{Company}/board?date={Day:yyyy-MM-dd}");
        await BrowserSteps.WaitForInteractiveAsync(page);

        var card = page.Locator($"[data-testid=job-card][data-job='{_jobNumber}']");
        await Assertions.Expect(Column(page, "Crew A").Locator(card)).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=job-property]")).ToHaveTextAsync("Oakwood Apartments");
        await Assertions.Expect(card.Locator("[data-testid=job-status]")).ToHaveTextAsync("Scheduled");

        await card.DragToAsync(Column(page, "Crew B"));

        await Assertions.Expect(Column(page, "Crew B").Locator(card)).ToBeVisibleAsync();
        await Assertions.Expect(Column(page, "Crew A").Locator("[data-testid=job-card]")).ToHaveCountAsync(0);
        await Assertions.Expect(Column(page, "Crew B").Locator("[data-testid=column-count]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("to Crew B");

        await using var db = fx.Company(Company);
        Assert.Equal("Crew B", await db.Jobs.Where(j => j.Id == _jobId).Select(j => j.Crew).SingleAsync());
        Assert.True(await db.AuditLog.AnyAsync(a => a.TableName == "jobs" && a.RowId == _jobId && a.Operation == "update" && a.ChangedBy == "walter"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_busy_column_shows_its_first_cards_and_the_rest_on_request()
    {
        await using (var db = fx.Company(Company, "seed"))
        {
            var customer = await db.Customers.FirstAsync();
            db.Jobs.AddRange(Enumerable.Range(0, 20).Select(i => new Job
            {
                CustomerId = customer.Id, ScheduledDate = Day, Crew = "Crew B", WindowStart = new TimeOnly(9, 0),
                ServiceType = "Carpet Cleaning", Price = 100,
            }));
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "walter");
        await page.GotoAsync($"/{Company}/board?date={Day:yyyy-MM-dd}");
        await BrowserSteps.WaitForInteractiveAsync(page);

        var crewB = Column(page, "Crew B");
        await Assertions.Expect(crewB.Locator("[data-testid=job-card]")).ToHaveCountAsync(12);
        await Assertions.Expect(crewB.Locator("[data-testid=column-count]")).ToHaveTextAsync("20");
        await crewB.Locator("[data-testid=column-more]").ClickAsync();
        await Assertions.Expect(crewB.Locator("[data-testid=job-card]")).ToHaveCountAsync(20);
        await crewB.Locator("[data-testid=column-fewer]").ClickAsync();
        await Assertions.Expect(crewB.Locator("[data-testid=job-card]")).ToHaveCountAsync(12);
        await Assertions.Expect(Column(page, "Crew A").Locator("[data-testid=job-card]")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Status_and_service_type_chips_filter_the_day_and_toggle_off_again()
    {
        int tileNumber;
        await using (var db = fx.Company(Company, "seed"))
        {
            var customer = await db.Customers.FirstAsync();
            var tile = new Job
            {
                CustomerId = customer.Id, ScheduledDate = Day, Crew = "Crew B", Status = JobStatus.Completed,
                ServiceType = "Tile & Grout", Price = 180,
            };
            db.Jobs.Add(tile);
            await db.SaveChangesAsync();
            tileNumber = await db.Jobs.Where(j => j.Id == tile.Id).Select(j => j.Number).SingleAsync();
        }
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "walter");
        await page.GotoAsync($"/{Company}/board?date={Day:yyyy-MM-dd}");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var cards = page.Locator("[data-testid=job-card]");
        await Assertions.Expect(cards).ToHaveCountAsync(2);

        var completed = page.Locator("[data-testid=status-filter] button[data-status=completed]");
        await completed.ClickAsync();
        await Assertions.Expect(completed).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"[data-testid=job-card][data-job='{tileNumber}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=board-count]")).ToHaveTextAsync("1 job");

        await completed.ClickAsync();
        await Assertions.Expect(completed).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(cards).ToHaveCountAsync(2);

        await page.Locator("[data-testid=service-type-filter] button", new() { HasText = "Carpet Cleaning" }).ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"[data-testid=job-card][data-job='{_jobNumber}']")).ToBeVisibleAsync();
        await page.Locator("[data-testid=clear-filters]").ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_Move_button_moves_a_job_to_another_crew()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress, width: 375, height: 740);
        await BrowserSteps.SignInAsync(page, "walter");
        await page.GotoAsync($"/{Company}/board?date={Day:yyyy-MM-dd}");
        await BrowserSteps.WaitForInteractiveAsync(page);

        var card = page.Locator($"[data-testid=job-card][data-job='{_jobNumber}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await card.Locator("[data-testid=move-job]").ClickAsync();
        await page.Locator("[data-testid=move-crew]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Crew B" }).ClickAsync();
        await page.Locator("[data-testid=confirm-move]").ClickAsync();

        await Assertions.Expect(Column(page, "Crew B").Locator(card)).ToBeVisibleAsync();
        await using var db = fx.Company(Company);
        Assert.Equal("Crew B", await db.Jobs.Where(j => j.Id == _jobId).Select(j => j.Crew).SingleAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Another_users_move_appears_on_an_open_board()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "walter");
        await page.GotoAsync($"/{Company}/board?date={Day:yyyy-MM-dd}");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var card = page.Locator($"[data-testid=job-card][data-job='{_jobNumber}']");
        await Assertions.Expect(Column(page, "Crew A").Locator(card)).ToBeVisibleAsync();

        await using (var db = fx.Company(Company, "michele"))
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == _jobId);
            job.Crew = "Crew B";
            await db.SaveChangesAsync();
        }

        await Assertions.Expect(Column(page, "Crew B").Locator(card)).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 3000 });
        await page.Context.CloseAsync();
    }
}
