using System.Text;

namespace FieldKit.Data.Seeding;

internal sealed record FakeAddress(string Street, string City, string State, string Zip, string AreaCode);

internal sealed record FakeContact(
    string FirstName, string LastName, string Title, string OfficePhone, string? MobilePhone, string Email);

/// <summary>A property as generated, before it becomes a Customer row (EF) or a COPY row (scale).</summary>
internal sealed record FakeProperty(
    string Name,
    FakeAddress Address,
    string Phone,
    string Email,
    int UnitCount,
    int PaymentTermsDays,
    bool Inactive,
    string? ManagementName,
    bool BillToManagement,
    string? Notes,
    IReadOnlyList<FakeContact> Contacts);

/// <summary>
/// Realistic-looking apartment communities, addresses and people for one metro. Every value comes from the
/// Random handed in, so the same seed gives the same data on every run.
/// </summary>
internal sealed class FakeData(Random rng, Metro metro)
{
    public T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public bool Chance(double probability) => rng.NextDouble() < probability;

    public int Next(int minInclusive, int maxExclusive) => rng.Next(minInclusive, maxExclusive);

    /// <summary>Fisher–Yates, driven by the seeded Random.</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>
    /// "(561) 555-0123": local to the address (a Boca Raton office has a 561 number). The 555-0100..0199
    /// block is reserved for fiction, so no demo number rings anyone.
    /// </summary>
    public string Phone(FakeAddress near) => $"({near.AreaCode}) 555-01{rng.Next(100):D2}";

    public string PropertyName()
    {
        var roll = rng.Next(10);
        if (roll < 6) return $"{Pick(SeedData.NameBases)} {Pick(SeedData.NameTypes)}";
        if (roll < 8) return $"The {Pick(SeedData.TheTypes)} at {Pick(metro.Neighbourhoods)}";
        return $"{Pick(SeedData.NameBases)} {Pick(SeedData.NameTypes)} at {Pick(metro.Neighbourhoods)}";
    }

    /// <summary>A name not yet in <paramref name="used"/>; the set is updated.</summary>
    public string UniquePropertyName(HashSet<string> used)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var name = PropertyName();
            if (used.Add(name)) return name;
        }
        // Word lists exhausted (only with very large counts): number the phases, as real communities do.
        for (var phase = 2; ; phase++)
        {
            var name = $"{PropertyName()} Phase {phase}";
            if (used.Add(name)) return name;
        }
    }

    public FakeAddress Address()
    {
        var city = PickWeighted(metro.Cities);
        return new FakeAddress(
            $"{rng.Next(100, 10000)} {Pick(city.Streets)}", city.City, city.State, Pick(city.Zips), Pick(city.AreaCodes));
    }

    /// <param name="managementNames">Names this property may be managed by; ~90% get one.</param>
    public FakeProperty Property(string name, IReadOnlyList<string> managementNames, int minContacts, int maxContacts)
    {
        var slug = Slug(name);
        var address = Address();
        var phone = Phone(address);
        var managed = managementNames.Count > 0 && Chance(0.9);
        var termsRoll = rng.Next(20);
        return new FakeProperty(
            name,
            address,
            phone,
            $"office@{slug}.com",
            UnitCount: rng.Next(80, 451),
            PaymentTermsDays: termsRoll switch { 0 or 1 => 15, 2 or 3 => 45, _ => 30 },
            Inactive: Chance(0.05),
            ManagementName: managed ? Pick(managementNames) : null,
            // Some owners have invoices sent to the management company's office instead of the site.
            BillToManagement: managed && Chance(0.25),
            Notes: Chance(0.15) ? Pick(SeedData.PropertyNotes) : null,
            Contacts: Contacts(slug, phone, address, rng.Next(minContacts, maxContacts + 1)));
    }

    /// <summary>The first contact is the property manager; the others hold distinct other titles.</summary>
    public List<FakeContact> Contacts(string slug, string officePhone, FakeAddress site, int count)
    {
        var otherTitles = Shuffle(SeedData.Titles.Skip(1));
        var contacts = new List<FakeContact>(count);
        for (var i = 0; i < count; i++)
        {
            var first = Pick(SeedData.FirstNames);
            var last = Pick(SeedData.LastNames);
            var title = i == 0 ? SeedData.Titles[0] : otherTitles[(i - 1) % otherTitles.Count];
            contacts.Add(new FakeContact(
                first, last, title,
                // Site staff share the leasing office line; a regional manager works from the management office.
                OfficePhone: title == "Regional Manager" ? Phone(site) : officePhone,
                MobilePhone: Chance(0.75) ? Phone(site) : null,
                Email: $"{Slug(first)}.{Slug(last)}@{slug}.com"));
        }
        return contacts;
    }

    /// <summary>Lower-case letters and digits only: "The Reserve at Ballantyne" → "thereserveatballantyne".</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsAsciiLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private MetroCity PickWeighted(MetroCity[] cities)
    {
        var roll = rng.Next(cities.Sum(c => c.Weight));
        foreach (var c in cities)
        {
            if (roll < c.Weight) return c;
            roll -= c.Weight;
        }
        return cities[^1];
    }
}
