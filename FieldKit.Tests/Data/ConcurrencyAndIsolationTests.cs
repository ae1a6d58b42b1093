using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class ConcurrencyAndIsolationTests(DataFixture fx) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Second_writer_of_a_stale_row_gets_a_concurrency_conflict()
    {
        int id;
        await using (var setup = fx.Company("cts"))
        {
            var c = new Customer { PropertyName = "Riverside Commons" };
            setup.Customers.Add(c);
            await setup.SaveChangesAsync();
            id = c.Id;
        }

        await using var first = fx.Company("cts", "patrick");
        await using var second = fx.Company("cts", "michele");
        var a = await first.Customers.SingleAsync(c => c.Id == id);
        var b = await second.Customers.SingleAsync(c => c.Id == id);

        a.Phone = "(919) 555-0110";
        await first.SaveChangesAsync();
        b.Phone = "(919) 555-0120";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = fx.Company("cts");
        Assert.Equal("(919) 555-0110", (await check.Customers.SingleAsync(c => c.Id == id)).Phone);
    }

    [Fact]
    public async Task A_row_written_for_one_company_never_appears_in_another()
    {
        await using (var gg = fx.Company("getagrip"))
        {
            gg.Customers.Add(new Customer { PropertyName = "Only At Get A Grip" });
            await gg.SaveChangesAsync();
        }

        foreach (var other in new[] { "kleanit_charlotte", "cts", "kleanit_sf" })
        {
            await using var db = fx.Company(other);
            Assert.False(await db.Customers.AnyAsync(c => c.PropertyName == "Only At Get A Grip"), $"leaked into {other}");
        }
        await using var own = fx.Company("getagrip");
        Assert.True(await own.Customers.AnyAsync(c => c.PropertyName == "Only At Get A Grip"));
        Assert.Equal("fieldkit_getagrip", own.Database.GetDbConnection().Database);
    }
}
