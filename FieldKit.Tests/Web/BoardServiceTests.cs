using System.Diagnostics;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Board;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class BoardServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private static readonly DateOnly Thursday = new(2026, 11, 26);
    private static readonly DateOnly Monday = new(2026, 11, 23);

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await using var db = fx.Company(Company, "seed");
        db.Crews.AddRange(
            new Crew { Name = "Crew B", Color = "#2E7D32", SortOrder = 2 },
            new Crew { Name = "Crew A", Color = "#1565C0", SortOrder = 1 },
            new Crew { Name = "Old Crew", SortOrder = 0, IsActive = false });
        db.ServiceTypes.AddRange(
            new ServiceType { Name = "Tile & Grout", SortOrder = 2 },
            new ServiceType { Name = "Carpet Cleaning", SortOrder = 1 });
        var oakwood = new Customer { PropertyName = "Oakwood Apartments" };
        var riverside = new Customer { PropertyName = "Riverside Commons" };
        db.Customers.AddRange(oakwood, riverside);
        await db.SaveChangesAsync();

        Job NewJob(int number, Customer c, DateOnly date, string? crew, TimeOnly? start, string type = "Carpet Cleaning",
            JobStatus status = JobStatus.Scheduled, string? units = "12") => new()
        {
            Number = number, CustomerId = c.Id, ScheduledDate = date, Crew = crew, WindowStart = start,
            WindowEnd = start?.AddHours(2), ServiceType = type, Status = status, Units = units, Price = 100 + number,
        };
        var deleted = NewJob(120, oakwood, Thursday, "Crew A", new TimeOnly(7, 0));
        db.Jobs.AddRange(
            NewJob(101, oakwood, Thursday, "Crew A", new TimeOnly(10, 0)),
            NewJob(102, riverside, Thursday, "Crew A", new TimeOnly(8, 0), "Tile & Grout", JobStatus.Completed),
            NewJob(103, oakwood, Thursday, "Crew A", null, status: JobStatus.InProgress, units: null),
            NewJob(104, riverside, Thursday, "Crew A", new TimeOnly(8, 0)),
            NewJob(105, oakwood, Thursday, "Crew B", new TimeOnly(9, 0), status: JobStatus.Cancelled),
            NewJob(106, riverside, Thursday, null, new TimeOnly(9, 0)),
            NewJob(107, oakwood, Thursday, "Old Crew", new TimeOnly(11, 0), "Window Washing"),
            NewJob(108, oakwood, Monday, "Crew B", new TimeOnly(9, 0)),
            NewJob(109, oakwood, Monday.AddDays(6), null, null, "Tile & Grout"),
            NewJob(110, oakwood, Monday.AddDays(7), "Crew A", null),
            NewJob(111, oakwood, Monday.AddDays(-1), "Crew A", null),
            deleted);
        await db.SaveChangesAsync();
        db.Jobs.Remove(deleted); // soft delete
        await db.SaveChangesAsync();
        await fx.SeedDemoUsersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, BoardService Board)> AsAsync(string user, string company = Company)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        // Resolved from the app once registered (AddScoped<BoardService>()), else made from the scope's CompanyDb.
        return (scope, ActivatorUtilities.GetServiceOrCreateInstance<BoardService>(scope.ServiceProvider));
    }

    private static IEnumerable<int> Numbers(BoardDay day, string? crew) =>
        day.Columns.Single(c => c.Crew == crew).Jobs.Select(j => j.Number);

    [Fact]
    public async Task A_day_is_grouped_by_crew_with_unassigned_and_ordered_by_window_then_number()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;

        var day = await board.GetDayAsync(Thursday, BoardFilter.None);

        Assert.Equal(["Unassigned", "Crew A", "Crew B", "Old Crew"], day.Columns.Select(c => c.Title));
        Assert.Equal([BoardColumnKind.Unassigned, BoardColumnKind.Crew, BoardColumnKind.Crew, BoardColumnKind.OtherCrew], day.Columns.Select(c => c.Kind));
        Assert.Equal([null, "Crew A", "Crew B"], day.MoveTargets.Select(c => c.Crew));
        Assert.Equal([102, 104, 101, 103], Numbers(day, "Crew A")); // 8:00 (by number), 10:00, no window last; the deleted 7:00 job is gone
        Assert.Equal([105], Numbers(day, "Crew B"));
        Assert.Equal([106], Numbers(day, null));
        Assert.Equal([107], Numbers(day, "Old Crew"));
        Assert.Equal(7, day.Count);
        Assert.Equal("#1565C0", day.Columns.Single(c => c.Crew == "Crew A").Color);

        var first = day.Columns.Single(c => c.Crew == "Crew A").Jobs[0];
        await using (var db = fx.Company(Company))
        {
            var stored = await db.Jobs.AsNoTracking().SingleAsync(j => j.Number == 102);
            Assert.Equal((stored.Id, stored.Version, stored.CustomerId), (first.Id, first.Version, first.CustomerId));
        }
        Assert.Equal(("Riverside Commons", "12", "Tile & Grout", JobStatus.Completed, 202m, Thursday),
            (first.PropertyName, first.Units, first.ServiceType, first.Status, first.Price, first.Date));
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(10, 0)), (first.WindowStart, first.WindowEnd));
        Assert.False(first.CanMove); // completed
        Assert.True(day.Columns.Single(c => c.Crew == "Crew A").Jobs.Single(j => j.Number == 103).CanMove); // in progress
        // Configured service types first (sort order), then others that jobs name.
        Assert.Equal(["Carpet Cleaning", "Tile & Grout", "Window Washing"], day.ServiceTypes);
    }

    [Fact]
    public async Task A_column_shows_its_first_cards_until_expanded_and_counts_them_all()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;

        var capped = await board.GetDayAsync(Thursday, BoardFilter.None, perColumn: 2);
        var crewA = capped.Columns.Single(c => c.Crew == "Crew A");
        Assert.Equal([102, 104], Numbers(capped, "Crew A"));   // the first two in card order
        Assert.Equal((4, 2), (crewA.Count, crewA.Hidden));
        var full = (await board.GetDayAsync(Thursday, BoardFilter.None)).Columns.Single(c => c.Crew == "Crew A");
        Assert.Equal(full.Jobs.Sum(j => j.Price), crewA.Total);   // the total is the whole column's, not the shown cards'
        Assert.Equal(7, capped.Count);

        var expanded = await board.GetDayAsync(Thursday, BoardFilter.None, new HashSet<string> { "Crew A" }, perColumn: 1);
        Assert.Equal([102, 104, 101, 103], Numbers(expanded, "Crew A"));
        Assert.Equal(0, expanded.Columns.Single(c => c.Crew == "Crew A").Hidden);
        Assert.Equal([106], Numbers(expanded, null));   // the other columns keep their cap (one card each here)
        Assert.Equal(7, expanded.Count);
    }

    [Fact]
    public async Task An_empty_day_still_shows_every_active_crew()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;
        var day = await board.GetDayAsync(Thursday.AddDays(1), BoardFilter.None);
        Assert.Equal(["Unassigned", "Crew A", "Crew B"], day.Columns.Select(c => c.Title));
        Assert.All(day.Columns, c => Assert.Empty(c.Jobs));
    }

    [Fact]
    public async Task Filters_by_status_and_service_type_run_on_the_server()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;

        var open = await board.GetDayAsync(Thursday, new BoardFilter { Statuses = [JobStatus.Scheduled, JobStatus.InProgress] });
        Assert.Equal([104, 101, 103], Numbers(open, "Crew A"));
        Assert.Empty(Numbers(open, "Crew B"));
        Assert.Equal(5, open.Count);

        var tile = await board.GetDayAsync(Thursday, new BoardFilter { ServiceTypes = ["Tile & Grout"] });
        Assert.Equal([102], Numbers(tile, "Crew A"));
        Assert.Equal(1, tile.Count);
        Assert.DoesNotContain(tile.Columns, c => c.Kind == BoardColumnKind.OtherCrew); // Old Crew has no matching job
        Assert.Equal(["Carpet Cleaning", "Tile & Grout", "Window Washing"], tile.ServiceTypes); // the choices do not shrink with the filter

        var both = await board.GetDayAsync(Thursday, new BoardFilter { Statuses = [JobStatus.Scheduled], ServiceTypes = ["Carpet Cleaning", "Window Washing"] });
        Assert.Equal([104, 101], Numbers(both, "Crew A"));
        Assert.Equal([106], Numbers(both, null));
        Assert.Equal([107], Numbers(both, "Old Crew"));
        Assert.Equal(4, both.Count);
    }

    [Fact]
    public async Task The_week_counts_jobs_per_day_and_crew_from_Monday_to_Sunday()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;

        var week = await board.GetWeekAsync(Thursday, BoardFilter.None);

        Assert.Equal(Monday, week.Monday);
        Assert.Equal(Monday.AddDays(6), week.Days[^1]);
        Assert.Equal(["Unassigned", "Crew A", "Crew B", "Old Crew"], week.Rows.Select(r => r.Title));
        Assert.Equal([0, 0, 0, 1, 0, 0, 1], week.Rows.Single(r => r.Crew is null).Counts);
        Assert.Equal([0, 0, 0, 4, 0, 0, 0], week.Rows.Single(r => r.Crew == "Crew A").Counts); // Sunday before and Monday after are other weeks
        Assert.Equal([1, 0, 0, 1, 0, 0, 0], week.Rows.Single(r => r.Crew == "Crew B").Counts);
        Assert.Equal([0, 0, 0, 1, 0, 0, 0], week.Rows.Single(r => r.Crew == "Old Crew").Counts);
        Assert.Equal([1, 0, 0, 7, 0, 0, 1], week.DayTotals);
        Assert.Equal(9, week.Total);

        // Any day of the week gives the same week; the filters apply too.
        var sundayWeek = await board.GetWeekAsync(Monday.AddDays(6), new BoardFilter { ServiceTypes = ["Tile & Grout"] });
        Assert.Equal(Monday, sundayWeek.Monday);
        Assert.Equal([0, 0, 0, 1, 0, 0, 1], sundayWeek.DayTotals);
        Assert.Equal(["Unassigned", "Crew A", "Crew B"], sundayWeek.Rows.Select(r => r.Title));
    }

    [Fact]
    public async Task A_move_through_JobService_shows_on_the_next_read_with_a_new_version()
    {
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;
        var job = (await board.GetDayAsync(Thursday, BoardFilter.None)).Columns.Single(c => c.Crew == "Crew A").Jobs.Single(j => j.Number == 101);

        var result = await scope.ServiceProvider.GetRequiredService<JobService>().MoveAsync(job.Id, Thursday, "Crew B", job.Version);

        Assert.True(result.Succeeded, result.Message);
        var after = await board.GetDayAsync(Thursday, BoardFilter.None);
        var moved = after.Columns.Single(c => c.Crew == "Crew B").Jobs.Single(j => j.Number == 101);
        Assert.NotEqual(job.Version, moved.Version);
        Assert.DoesNotContain(101, Numbers(after, "Crew A"));
    }

    [Fact]
    public async Task A_manager_of_cts_is_refused_the_kleanit_charlotte_board()
    {
        var (scope, asPatrick) = await AsAsync("patrick");
        await using var _ = scope;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.GetDayAsync(Thursday, BoardFilter.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.GetWeekAsync(Thursday, BoardFilter.None));
    }

    [Fact]
    public async Task A_salesperson_may_read_the_board()
    {
        var (scope, asChris) = await AsAsync("chriso");
        await using var _ = scope;
        Assert.Equal(7, (await asChris.GetDayAsync(Thursday, BoardFilter.None)).Count);
    }

    [Fact]
    public async Task Five_hundred_jobs_in_a_day_count_in_full_and_show_a_dozen_cards_per_column()
    {
        await using (var db = fx.Company(Company, "seed"))
        {
            var customers = await db.Customers.Select(c => c.Id).ToListAsync();
            string?[] crews = ["Crew A", "Crew B", null];
            db.Jobs.AddRange(Enumerable.Range(0, 500).Select(i => new Job
            {
                Number = 1000 + i, CustomerId = customers[i % customers.Count], ScheduledDate = Thursday.AddDays(1),
                Crew = crews[i % 3], WindowStart = new TimeOnly(7 + i % 10, 0), ServiceType = "Carpet Cleaning", Units = "24", Price = 150,
            }));
            await db.SaveChangesAsync();
        }
        var (scope, board) = await AsAsync("walter");
        await using var _ = scope;

        var day = await board.GetDayAsync(Thursday.AddDays(1), BoardFilter.None);

        Assert.Equal(500, day.Count);
        var crewA = day.Columns.Single(c => c.Crew == "Crew A");
        Assert.Equal((167, BoardService.CardsPerColumn, 167 - BoardService.CardsPerColumn, 167 * 150m),
            (crewA.Count, crewA.Jobs.Count, crewA.Hidden, crewA.Total));
        Assert.All(day.Columns, c => Assert.True(c.Jobs.Zip(c.Jobs.Skip(1)).All(p =>
            (p.First.WindowStart, p.First.Number).CompareTo((p.Second.WindowStart, p.Second.Number)) < 0)));
        // The shown cards are the column's first: every 7:00 job of Crew A comes before any later one.
        Assert.All(crewA.Jobs, j => Assert.Equal(new TimeOnly(7, 0), j.WindowStart));

        var all = await board.GetDayAsync(Thursday.AddDays(1), BoardFilter.None, new HashSet<string> { "Crew A", "" });
        Assert.Equal(167, all.Columns.Single(c => c.Crew == "Crew A").Jobs.Count);
        Assert.Equal(166, all.Columns.Single(c => c.Crew is null).Jobs.Count);
        Assert.Equal(BoardService.CardsPerColumn, all.Columns.Single(c => c.Crew == "Crew B").Jobs.Count);
    }
}
