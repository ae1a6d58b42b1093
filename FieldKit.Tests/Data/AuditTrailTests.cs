using System.Text.Json;
using FieldKit.Data.Auditing;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class AuditTrailTests(DataFixture fx) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";

    public Task InitializeAsync() => fx.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> AddCustomerAsync(string actor = "michele", string phone = "(704) 555-0101")
    {
        await using var db = fx.Company(Company, actor);
        var customer = new Customer { PropertyName = "Oakwood Apartments", City = "Charlotte", State = "NC", Phone = phone };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    [Fact]
    public async Task Insert_stamps_created_and_updated_by_from_the_actor()
    {
        var id = await AddCustomerAsync("michele");

        await using var db = fx.Company(Company);
        var row = await db.Customers.SingleAsync(c => c.Id == id);
        Assert.Equal("michele", row.CreatedBy);
        Assert.Equal("michele", row.UpdatedBy);
        Assert.Null(row.DeletedAt);
    }

    [Fact]
    public async Task Updated_at_trigger_fires_on_raw_sql_updates()
    {
        var id = await AddCustomerAsync();
        await using var db = fx.Company(Company);
        var before = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.UpdatedAt).SingleAsync();

        // A statement outside EF (no interceptor) still gets its updated_at from the trigger.
        await db.Database.ExecuteSqlAsync($"UPDATE customers SET notes = 'gate code 1234', updated_at = '2000-01-01' WHERE id = {id}");

        var after = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.UpdatedAt).SingleAsync();
        Assert.True(after > before, $"updated_at should move forward: {before:O} → {after:O}");
    }

    [Fact]
    public async Task Delete_is_soft_hidden_by_the_named_filter_and_restorable()
    {
        var id = await AddCustomerAsync();
        await using (var db = fx.Company(Company, "walter"))
        {
            db.Customers.Remove(await db.Customers.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        await using (var db = fx.Company(Company))
        {
            Assert.False(await db.Customers.AnyAsync(c => c.Id == id));
            var deleted = await db.Customers.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).SingleAsync(c => c.Id == id);
            Assert.Equal("walter", deleted.DeletedBy);
            Assert.NotNull(deleted.DeletedAt);
            var rawCount = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM customers WHERE id = {id}").SingleAsync();
            Assert.Equal(1, rawCount);

            deleted.DeletedAt = null;
            deleted.DeletedBy = null;
            await db.SaveChangesAsync();
        }

        await using (var db = fx.Company(Company))
            Assert.True(await db.Customers.AnyAsync(c => c.Id == id));
    }

    [Fact]
    public async Task Audit_log_records_old_and_new_values_and_who()
    {
        var id = await AddCustomerAsync("michele", "(704) 555-0101");
        await using (var db = fx.Company(Company, "walter"))
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == id);
            customer.Phone = "(704) 555-0199";
            await db.SaveChangesAsync();
            db.Customers.Remove(customer);
            await db.SaveChangesAsync();
        }

        await using var read = fx.Company(Company);
        var log = await read.AuditLog.Where(a => a.TableName == "customers" && a.RowId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["insert", "update", "delete"], log.Select(l => l.Operation));
        Assert.Equal("michele", log[0].ChangedBy);
        Assert.Equal("walter", log[1].ChangedBy);
        Assert.Equal("walter", log[2].ChangedBy);

        using var oldValues = JsonDocument.Parse(log[1].OldData!);
        using var newValues = JsonDocument.Parse(log[1].NewData!);
        Assert.Equal("(704) 555-0101", oldValues.RootElement.GetProperty("phone").GetString());
        Assert.Equal("(704) 555-0199", newValues.RootElement.GetProperty("phone").GetString());
        // Only what changed is kept, not the bookkeeping columns.
        Assert.False(oldValues.RootElement.TryGetProperty("updated_at", out _));
        Assert.False(oldValues.RootElement.TryGetProperty("property_name", out _));
    }

    [Fact]
    public async Task Saving_without_an_actor_is_refused()
    {
        await using var db = fx.Company(Company, actor: "");
        db.Customers.Add(new Customer { PropertyName = "Nobody's Place" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }
}
