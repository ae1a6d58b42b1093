using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Data;

/// <summary>The duplicate keys are computed in C# (for a form or an import row) and by the database (generated columns): they must agree.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class MatchKeysTests(DataFixture fx) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("The Reserve at Ballantyne", "reserve at ballantyne")]
    [InlineData("  RESERVE at ballantyne!!", "reserve at ballantyne")]
    [InlineData("The", "the")]
    [InlineData("Theater District Lofts", "theater district lofts")]
    public void Names_normalise(string name, string key) => Assert.Equal(key, MatchKeys.Name(name));

    [Theory]
    [InlineData("123 North Main Street, Suite 4", "123 n main st ste 4")]
    [InlineData("123 N. Main St", "123 n main st")]
    [InlineData("9 Ballantyne Parkway", "9 ballantyne pkwy")]
    public void Addresses_normalise(string address, string key) => Assert.Equal(key, MatchKeys.Address(address));

    [Fact]
    public async Task The_database_computes_the_same_keys()
    {
        string[] names = ["The Reserve at Ballantyne", "Oakwood  Apartments (Phase II)", "The", "Theater District", "Ñandú Place"];
        string?[] addresses = ["123 North Main Street, Suite 4", "45 East Blvd.", null, "9 Ballantyne Parkway", "1 West Terrace Court"];
        await using (var db = fx.Company("cts", "test"))
        {
            db.Customers.AddRange(names.Select((n, i) => new Customer { PropertyName = n, Address = addresses[i] }));
            await db.SaveChangesAsync();
        }

        await using var read = fx.Company("cts");
        var rows = await read.Customers.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.All(rows, c =>
        {
            Assert.Equal(MatchKeys.Name(c.PropertyName), c.NameKey);
            Assert.Equal(MatchKeys.Address(c.Address), c.AddressKey);
        });
    }
}
