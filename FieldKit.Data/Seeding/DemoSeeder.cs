using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FieldKit.Data.Seeding;

/// <summary>
/// Demo data for local runs (never Production): the demo users and their roles in core, and in each company
/// database management companies, properties with contacts, visit tags, the dormancy setting and the
/// configurable job lists (service types, crews). Deterministic: the same configuration gives the same data
/// on every run. Small and quick on purpose, as every data test starts from it; the two years of jobs and
/// invoices a local run shows come from <see cref="DemoHistorySeeder"/>, which only the seed-demo verb calls.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<CoreDbContext> coreFactory,
    CompanyDbContextFactory companyFactory,
    CompanyCatalogue catalogue,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "fieldkit-demo-2026";
    public const string Actor = "system:seed";

    private const string AllCompanies = "*";

    private static readonly DemoUser[] DemoUsers =
    [
        new("chris.letize", "Chris Letize", null, [(AllCompanies, Role.Admin)]),
        new("michele", "Michele", "kleanit_charlotte", [(AllCompanies, Role.Admin)]),
        new("mike", "Mike", null, [(AllCompanies, Role.Admin)]),
        new("patrick", "Patrick", "cts", [("cts", Role.Manager)]),
        new("walter", "Walter", "kleanit_charlotte", [("kleanit_charlotte", Role.Manager)]),
        new("mikeyc", "Mikey C", null, [("kleanit_sf", Role.Manager), (AllCompanies, Role.Salesperson)]),
        new("chriso", "Chris O", null, [(AllCompanies, Role.Salesperson)]),
    ];

    private static readonly Dictionary<string, int> PropertyCounts = new(StringComparer.Ordinal)
    {
        ["getagrip"] = 180,
        ["kleanit_charlotte"] = 380,
        ["cts"] = 220,
        ["kleanit_sf"] = 260,
    };

    private const int DefaultPropertyCount = 200;

    /// <summary>Both Charlotte companies serve these properties (same name and address), for cross-company matching.</summary>
    private static readonly string[] SharedCompanies = ["getagrip", "kleanit_charlotte"];
    private const int SharedPropertyCount = 6;

    private static readonly (string Name, string Color)[] VisitTags =
    [
        ("Hot Lead", "#D32F2F"),
        ("Met PM", "#1976D2"),
        ("Dropped Off Info", "#7B1FA2"),
        ("Follow Up", "#F57C00"),
        ("Not Interested", "#616161"),
    ];

    /// <summary>
    /// Seeds everything unless core already has a user (deleted ones included), in which case it does
    /// nothing and returns false.
    /// </summary>
    /// <param name="hashPassword">The app's password hasher; called once, as bcrypt is deliberately slow.</param>
    public async Task<bool> SeedAsync(Func<string, string> hashPassword, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hashPassword);

        await using (var core = await coreFactory.CreateDbContextAsync(ct))
        {
            if (await core.Users.IgnoreQueryFilters().AnyAsync(ct))
            {
                logger.LogInformation("Demo data not seeded: core already has users");
                // The job lists came after the first demo databases: give an older demo database its lists.
                foreach (var company in catalogue.All)
                    await EnsureListsAsync(company.Code, ct);
                return false;
            }
        }

        var shared = SharedCharlotteProperties();
        foreach (var company in catalogue.All)
            await SeedCompanyAsync(company, shared, ct);

        // Users go last: they are what marks the seed as done, so a run that failed part-way is completed
        // by the next one (company databases that already have data are skipped).
        await SeedUsersAsync(hashPassword, ct);
        return true;
    }

    /// <summary>Just the demo users and their roles (tests that build their own company rows use this).</summary>
    public Task SeedUsersOnlyAsync(Func<string, string> hashPassword, CancellationToken ct) => SeedUsersAsync(hashPassword, ct);

    private async Task SeedUsersAsync(Func<string, string> hashPassword, CancellationToken ct)
    {
        var hash = hashPassword(DemoPassword);
        var codes = catalogue.All.Select(c => c.Code).ToList();

        await using var core = await coreFactory.CreateDbContextAsync(ct);
        core.Actor = Actor;
        try
        {
            var roleCount = 0;
            foreach (var spec in DemoUsers)
            {
                var user = new User
                {
                    Username = spec.Username,
                    DisplayName = spec.DisplayName,
                    Email = $"{spec.Username}@fieldkit.local",
                    PasswordHash = hash,
                };
                foreach (var (company, role) in spec.Grants)
                {
                    if (company != AllCompanies && !catalogue.Exists(company))
                    {
                        logger.LogWarning("Demo user {User} not given {Role} in {Company}: company not configured",
                            spec.Username, role, company);
                        continue;
                    }
                    foreach (var code in company == AllCompanies ? codes : [company])
                        user.Roles.Add(new UserCompanyRole { CompanyCode = code, Role = role });
                }
                roleCount += user.Roles.Count;
                core.Users.Add(user);
            }
            await core.SaveChangesAsync(ct);
            // The last company used lands a user on sign-in; it lives with the other per-user preferences.
            foreach (var spec in DemoUsers.Where(u => catalogue.Exists(u.LastCompany)))
            {
                var userId = core.Users.Local.Single(u => u.Username == spec.Username).Id;
                core.UserPreferences.Add(new UserPreference { UserId = userId, Key = "last_company", Value = spec.LastCompany! });
            }
            await core.SaveChangesAsync(ct);
            logger.LogInformation("Seeded core: {Users} users, {Roles} company roles", DemoUsers.Length, roleCount);
        }
        finally
        {
            // The context goes back to a pool: do not let the next user of it inherit the seed's actor.
            core.Actor = "";
        }
    }

    private async Task SeedCompanyAsync(CompanyInfo company, IReadOnlyList<FakeProperty> shared, CancellationToken ct)
    {
        await using var db = companyFactory.Create(company.Code, Actor);
        if (await db.Customers.IgnoreQueryFilters().AnyAsync(ct)
            || await db.ManagementCompanies.IgnoreQueryFilters().AnyAsync(ct))
        {
            logger.LogWarning("Demo data not seeded in {Company}: it already has customers or management companies",
                company.Code);
            await EnsureListsAsync(company.Code, ct);
            return;
        }

        var fake = new FakeData(new Random(SeedData.StableSeed(company.Code)), SeedData.MetroFor(company.Code));
        var managers = ManagementCompanies(fake, fake.Next(8, 16));
        var managersByName = managers.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var managerNames = managers.Select(m => m.Name).ToList();

        IReadOnlyList<FakeProperty> sharedHere = SharedCompanies.Contains(company.Code) ? shared : [];
        var usedNames = new HashSet<string>(sharedHere.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        var total = Math.Max(PropertyCounts.GetValueOrDefault(company.Code, DefaultPropertyCount), sharedHere.Count);
        var properties = new List<FakeProperty>(total);
        while (properties.Count < total - sharedHere.Count)
            properties.Add(fake.Property(fake.UniquePropertyName(usedNames), managerNames, 1, 4));
        // Scatter the shared ones, so the same property has different ids in the two databases, as in real life.
        foreach (var p in sharedHere)
            properties.Insert(fake.Next(0, properties.Count + 1), p);

        var customers = properties
            .Select(p => ToCustomer(p, p.ManagementName is null ? null : managersByName[p.ManagementName]))
            .ToList();

        db.ManagementCompanies.AddRange(managers);
        db.Customers.AddRange(customers);
        db.VisitTags.AddRange(VisitTags.Select((t, i) => new VisitTagConfig { Name = t.Name, Color = t.Color, SortOrder = i + 1 }));
        db.DormancyAlertConfigs.Add(new DormancyAlertConfig { Weeks = company.DormancyWeeks, IsActive = true });
        var serviceTypes = ServiceTypesFor(company.Code);
        var crews = CrewsFor(company.Code);
        db.ServiceTypes.AddRange(serviceTypes);
        db.Crews.AddRange(crews);
        await db.SaveChangesAsync(ct);
        var prospects = await SeedProspectsAsync(db, fake, usedNames, managerNames, customers, ct);

        logger.LogInformation(
            "Seeded {Company} ({Prospects} prospects): {Managers} management companies, {Customers} customers ({Shared} shared), {Contacts} contacts, {Tags} visit tags, {ServiceTypes} service types, {Crews} crews",
            company.Code, prospects, managers.Count, customers.Count, sharedHere.Count, customers.Sum(c => c.Contacts.Count), VisitTags.Length,
            serviceTypes.Count, crews.Count);
    }

    private static readonly string[] Salespeople = ["chriso", "mikeyc"];
    private static readonly string[] Vendors = ["CleanCo", "Sparkle Services", "ProShine", "In-house crew", "Unknown"];
    private static readonly string[] Sources = ["Drive-by", "Referral", "Apartment association", "Cold call", "Website"];

    /// <summary>
    /// A dozen prospects per company for Chris O and Mikey C, with visits and people met, and follow-ups spread around
    /// today (some overdue) so the sales home has something to show; a few customer visits too.
    /// </summary>
    private async Task<int> SeedProspectsAsync(CompanyDbContext db, FakeData fake, HashSet<string> usedNames, List<string> managerNames,
        List<Customer> customers, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tagNames = VisitTags.Select(t => t.Name).ToArray();
        var statuses = new[] { ProspectStatus.New, ProspectStatus.Contacted, ProspectStatus.Contacted, ProspectStatus.Qualified, ProspectStatus.Proposal, ProspectStatus.Lost };
        var prospects = new List<(SalesProspect Prospect, FakeProperty Property)>();
        for (var i = 0; i < 12; i++)
        {
            var property = fake.Property(fake.UniquePropertyName(usedNames), managerNames, 1, 2);
            var status = statuses[fake.Next(0, statuses.Length)];
            prospects.Add((new SalesProspect
            {
                PropertyName = property.Name, Address = property.Address.Street, City = property.Address.City, State = property.Address.State,
                Zip = property.Address.Zip, ManagementCompanyName = property.ManagementName, UnitCount = property.UnitCount,
                CurrentVendor = fake.Pick(Vendors), Status = status, OwnerUsername = Salespeople[i % Salespeople.Length],
                NextFollowUp = status == ProspectStatus.Lost ? null : today.AddDays(fake.Next(-6, 15)), Source = fake.Pick(Sources),
            }, property));
        }
        db.SalesProspects.AddRange(prospects.Select(p => p.Prospect));
        await db.SaveChangesAsync(ct);

        foreach (var (prospect, property) in prospects)
        {
            var contacts = property.Contacts.Select(c => new SalesContact
            {
                ProspectId = prospect.Id, FirstName = c.FirstName, LastName = c.LastName, Title = c.Title, OfficePhone = c.OfficePhone,
                MobilePhone = c.MobilePhone, Email = c.Email, OwnerUsername = prospect.OwnerUsername,
            }).ToList();
            db.SalesContacts.AddRange(contacts);
            await db.SaveChangesAsync(ct);
            if (prospect.Status == ProspectStatus.New) continue;
            var visits = fake.Next(1, 4);
            for (var v = 0; v < visits; v++)
            {
                db.SalesVisits.Add(new SalesVisit
                {
                    ProspectId = prospect.Id, VisitedAt = now.AddDays(-fake.Next(1, 60)).AddHours(-fake.Next(0, 8)),
                    Tags = [fake.Pick(tagNames)], Notes = fake.Pick(VisitNotes), SalespersonUsername = prospect.OwnerUsername,
                    ContactIds = v == 0 && contacts.Count > 0 ? [contacts[0].Id] : [],
                });
            }
        }
        foreach (var customer in customers.Take(4))
        {
            db.SalesVisits.Add(new SalesVisit
            {
                CustomerId = customer.Id, VisitedAt = now.AddDays(-fake.Next(1, 30)), Tags = ["Met PM"], Notes = "Checked in on service quality.",
                SalespersonUsername = Salespeople[customer.Id % Salespeople.Length],
            });
        }
        await db.SaveChangesAsync(ct);
        return prospects.Count;
    }

    private static readonly string[] VisitNotes =
    [
        "Left a flyer with the leasing office.", "PM interested in a quote for carpet cleaning.", "Unhappy with the current vendor's no-shows.",
        "Asked to come back after budget season.", "Walked the property with maintenance.", "Dropped off pricing sheet.",
    ];

    /// <summary>Adds the demo service types and crews to a company that has none (deleted ones count as some).</summary>
    private async Task EnsureListsAsync(string companyCode, CancellationToken ct)
    {
        await using var db = companyFactory.Create(companyCode, Actor);
        var added = new List<string>(2);
        if (!await db.ServiceTypes.IgnoreQueryFilters().AnyAsync(ct))
        {
            db.ServiceTypes.AddRange(ServiceTypesFor(companyCode));
            added.Add("service types");
        }
        if (!await db.Crews.IgnoreQueryFilters().AnyAsync(ct))
        {
            db.Crews.AddRange(CrewsFor(companyCode));
            added.Add("crews");
        }
        if (added.Count == 0) return;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Company}: demo {Lists}", companyCode, string.Join(" and ", added));
    }

    private static List<ServiceType> ServiceTypesFor(string companyCode) =>
        DemoLists.ServiceTypesFor(companyCode)
            .Select((s, i) => new ServiceType { Name = s.Name, DefaultPrice = s.DefaultPrice, SortOrder = i + 1, IsActive = true })
            .ToList();

    private static List<Crew> CrewsFor(string companyCode) =>
        DemoLists.CrewsFor(companyCode)
            .Select((c, i) => new Crew { Name = c.Name, Color = c.Color, SortOrder = i + 1, IsActive = true })
            .ToList();

    /// <summary>Generated once from their own seed, so both companies get identical rows.</summary>
    private static List<FakeProperty> SharedCharlotteProperties()
    {
        var fake = new FakeData(new Random(SeedData.StableSeed("shared:charlotte")), SeedData.Charlotte);
        // Managed by a national company, which every company's list contains.
        var national = SeedData.ManagementCompanies.Take(SeedData.NationalManagementCount).Select(m => m.Name).ToList();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var properties = new List<FakeProperty>(SharedPropertyCount);
        for (var i = 0; i < SharedPropertyCount; i++)
            properties.Add(fake.Property(fake.UniquePropertyName(used), national, 1, 4));
        return properties;
    }

    /// <summary>The national companies plus a random pick of the others, each with a local office.</summary>
    private static List<ManagementCompany> ManagementCompanies(FakeData fake, int count)
    {
        var pool = SeedData.ManagementCompanies;
        var national = SeedData.NationalManagementCount;
        var chosen = pool.Take(national).Concat(fake.Shuffle(pool.Skip(national)).Take(Math.Max(0, count - national)));
        return chosen.Select(spec =>
        {
            var office = fake.Address();
            return new ManagementCompany
            {
                Name = spec.Name,
                Phone = fake.Phone(office),
                Email = $"accounting@{spec.Domain}",
                Address = $"{office.Street}, Suite {fake.Next(100, 600)}",
                City = office.City,
                State = office.State,
                Zip = office.Zip,
            };
        }).ToList();
    }

    private static Customer ToCustomer(FakeProperty p, ManagementCompany? manager)
    {
        var billManager = manager is not null && p.BillToManagement;
        return new Customer
        {
            PropertyName = p.Name,
            Address = p.Address.Street,
            City = p.Address.City,
            State = p.Address.State,
            Zip = p.Address.Zip,
            Phone = p.Phone,
            Email = p.Email,
            ManagementCompany = manager,
            UnitCount = p.UnitCount,
            BillingName = billManager ? $"{p.Name} c/o {manager!.Name}" : p.Name,
            BillingAddress = billManager ? manager!.Address : p.Address.Street,
            BillingCity = billManager ? manager!.City : p.Address.City,
            BillingState = billManager ? manager!.State : p.Address.State,
            BillingZip = billManager ? manager!.Zip : p.Address.Zip,
            PaymentTermsDays = p.PaymentTermsDays,
            Notes = p.Notes,
            Status = p.Inactive ? CustomerStatus.Inactive : CustomerStatus.Active,
            Contacts = p.Contacts.Select((c, i) => new CustomerContact
            {
                FirstName = c.FirstName,
                LastName = c.LastName,
                Title = c.Title,
                OfficePhone = c.OfficePhone,
                MobilePhone = c.MobilePhone,
                Email = c.Email,
                // The property manager is the primary contact and gets the statements.
                IsPrimary = i == 0,
                ReceivesStatements = i == 0,
            }).ToList(),
        };
    }

    private sealed record DemoUser(string Username, string DisplayName, string? LastCompany, (string Company, Role Role)[] Grants);
}
