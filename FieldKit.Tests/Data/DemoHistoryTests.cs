using FieldKit.Data.Seeding;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class DemoHistoryTests(DataFixture fx)
{
    /// <summary>The smallest company: a couple of thousand jobs, so the test stays quick.</summary>
    private const string Company = "getagrip";

    private static readonly DateOnly Today = new(2026, 11, 26);
    /// <summary>Noon in New York on <see cref="Today"/> (EST, UTC−5).</summary>
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task History_adds_up_keeps_the_future_scheduled_leaves_a_handful_dormant_and_is_written_once()
    {
        await fx.ResetToDemoAsync();
        var seeder = ActivatorUtilities.CreateInstance<DemoHistorySeeder>(fx.Services, new FakeTimeProvider(Noon));

        var result = await seeder.SeedCompanyAsync(Company, CancellationToken.None);

        Assert.True(result.Seeded, result.SkippedBecause);
        Assert.Equal(Today, result.Today);
        await using var db = fx.Company(Company);
        Assert.Equal(result.Jobs, await db.Jobs.CountAsync());
        // Two years plus four weeks at 4–12 a weekday.
        Assert.InRange(result.Jobs, 2500, 8000);

        // Money: balance = amount − paid − credits on every invoice, and the lines behind it agree.
        var invoices = await db.Invoices.AsNoTracking()
            .Select(i => new { i.Id, i.JobId, i.Amount, i.AmountPaid, i.Credits, i.Balance, i.DueDate })
            .ToListAsync();
        Assert.Equal(result.Invoices, invoices.Count);
        Assert.All(invoices, i => Assert.Equal(i.Amount - i.AmountPaid - i.Credits, i.Balance));
        var lines = (await db.InvoicePayments.AsNoTracking().Select(p => new { p.InvoiceId, p.Kind, p.Amount }).ToListAsync())
            .ToLookup(p => p.InvoiceId);
        Assert.All(invoices, i =>
        {
            Assert.Equal(i.AmountPaid, lines[i.Id].Where(p => p.Kind == PaymentKind.Payment).Sum(p => p.Amount));
            Assert.Equal(i.Credits, lines[i.Id].Where(p => p.Kind == PaymentKind.Credit).Sum(p => p.Amount));
            Assert.InRange(i.Balance, 0m, i.Amount);
        });
        Assert.Equal(result.OpenBalance, invoices.Sum(i => i.Balance));
        // Ageing has something in it: open invoices both not yet due and over 60 days past due.
        Assert.Contains(invoices, i => i.Balance > 0 && i.DueDate >= Today);
        Assert.Contains(invoices, i => i.Balance > 0 && i.DueDate < Today.AddDays(-60));
        Assert.Contains(invoices, i => i.Balance == 0);

        // Every invoiced job has its invoice; nothing after today has happened yet; nothing before it is pending.
        var invoicedJobs = await db.Jobs.CountAsync(j => j.Status == JobStatus.Invoiced);
        Assert.Equal(invoicedJobs, invoices.Count);
        Assert.True(await db.Jobs.AnyAsync(j => j.ScheduledDate > Today));
        Assert.False(await db.Jobs.AnyAsync(j => j.ScheduledDate > Today && j.Status != JobStatus.Scheduled));
        Assert.False(await db.Jobs.AnyAsync(j => j.ScheduledDate < Today
            && j.Status != JobStatus.Invoiced && j.Status != JobStatus.Cancelled));
        Assert.False(await db.Jobs.AnyAsync(j => j.ScheduledDate.DayOfWeek == DayOfWeek.Sunday));

        // Job numbers rise with dates.
        var dates = await db.Jobs.AsNoTracking().OrderBy(j => j.Number).Select(j => j.ScheduledDate).ToListAsync();
        Assert.Equal(dates.Order(), dates);

        // Dormant: the chosen five have had no work within the threshold and have none booked; every other
        // active customer has, so the dormant list shows exactly a handful.
        var threshold = fx.Catalogue.Get(Company).DormancyWeeks;
        var since = Today.AddDays(-7 * threshold);
        Assert.Equal(DemoHistorySeeder.DormantCustomersPerCompany, result.DormantCustomerIds.Count);
        var recent = await db.Jobs.Where(j => j.ScheduledDate >= since && j.Status != JobStatus.Cancelled)
            .Select(j => j.CustomerId).Distinct().ToListAsync();
        var active = await db.Customers.Where(c => c.Status == CustomerStatus.Active).Select(c => c.Id).ToListAsync();
        Assert.Equal(result.DormantCustomerIds.Order(), active.Except(recent).Order());
        foreach (var id in result.DormantCustomerIds)
        {
            Assert.False(await db.Jobs.AnyAsync(j => j.CustomerId == id && j.ScheduledDate >= since));
            Assert.True(await db.Jobs.AnyAsync(j => j.CustomerId == id && j.Status == JobStatus.Invoiced));
        }

        // Once only: a second run finds the jobs and adds nothing.
        var payments = await db.InvoicePayments.CountAsync();
        var again = await seeder.SeedCompanyAsync(Company, CancellationToken.None);
        Assert.False(again.Seeded);
        Assert.Equal(result.Jobs, await db.Jobs.CountAsync());
        Assert.Equal(result.Invoices, await db.Invoices.CountAsync());
        Assert.Equal(payments, await db.InvoicePayments.CountAsync());
        Assert.Equal(result.Payments, payments);
    }

    [Fact]
    public async Task The_base_demo_set_has_each_companys_lists_and_no_jobs()
    {
        await fx.ResetToDemoAsync();

        foreach (var (code, crews) in new[] { ("kleanit_charlotte", 8), ("cts", 4), ("kleanit_sf", 5), ("getagrip", 3) })
        {
            await using var db = fx.Company(code);
            Assert.Equal(crews, await db.Crews.CountAsync());
            Assert.Equal(crews, await db.Crews.Select(c => c.Color).Distinct().CountAsync());
            Assert.True(await db.ServiceTypes.CountAsync() >= 4);
            Assert.False(await db.ServiceTypes.AnyAsync(s => s.DefaultPrice == null || s.DefaultPrice <= 0));
            Assert.False(await db.Jobs.AnyAsync());
        }
        await using var grip = fx.Company("getagrip");
        Assert.Contains("Tub & Shower Grip", await grip.ServiceTypes.Select(s => s.Name).ToListAsync());
    }
}
