using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Dormancy;

/// <summary>Customers and jobs for the dormancy tests, dated in 2027 so the app's own real-clock scan (late 2026) never sees them as quiet.</summary>
internal static class DormancyTestData
{
    public const string Company = "kleanit_charlotte";

    public static async Task<int> CustomerAsync(DataFixture fx, string name, CustomerStatus status = CustomerStatus.Active, string company = Company)
    {
        await using var db = fx.Company(company, "seed");
        var customer = new Customer { PropertyName = name, Address = "1 Main St", City = "Charlotte", State = "NC", Zip = "28202", Status = status, UnitCount = 240 };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    public static async Task<int> JobAsync(DataFixture fx, int customerId, DateOnly date, JobStatus status = JobStatus.Completed, string company = Company)
    {
        await using var db = fx.Company(company, "seed");
        var job = new Job { CustomerId = customerId, ScheduledDate = date, ServiceType = "Carpet cleaning", Price = 100, Status = status };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    public static async Task ConfigAsync(DataFixture fx, int weeks, bool active = true, string company = Company)
    {
        await using var db = fx.Company(company, "seed");
        var row = await db.DormancyAlertConfigs.FirstOrDefaultAsync();
        if (row is null) db.DormancyAlertConfigs.Add(row = new DormancyAlertConfig());
        row.Weeks = weeks;
        row.IsActive = active;
        await db.SaveChangesAsync();
    }

    public static async Task<List<DormancyAlert>> AlertsAsync(DataFixture fx, string company = Company)
    {
        await using var db = fx.Company(company, "test");
        return await db.DormancyAlerts.AsNoTracking().Include(a => a.Customer).OrderBy(a => a.Id).ToListAsync();
    }

    public static async Task<List<string>> OpenAsync(DataFixture fx, string company = Company) =>
        (await AlertsAsync(fx, company)).Where(a => a.ResolvedAt is null).Select(a => a.Customer!.PropertyName).Order().ToList();
}
