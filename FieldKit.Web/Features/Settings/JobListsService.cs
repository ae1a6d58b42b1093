using System.Text.RegularExpressions;
using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Settings;

public sealed record ServiceTypeItem(int Id, string Name, decimal? DefaultPrice, int SortOrder, bool IsActive, uint Version);

public sealed record CrewItem(int Id, string Name, string Color, int SortOrder, bool IsActive, uint Version);

/// <summary>A company's lists for jobs, in SortOrder.</summary>
public sealed record JobLists(IReadOnlyList<ServiceTypeItem> ServiceTypes, IReadOnlyList<CrewItem> Crews)
{
    public static readonly JobLists Empty = new([], []);
}

public sealed class ServiceTypeInput
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public decimal? DefaultPrice { get; set; }
    public int? SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }

    public static ServiceTypeInput From(ServiceTypeItem s) => new()
    {
        Id = s.Id, Name = s.Name, DefaultPrice = s.DefaultPrice, SortOrder = s.SortOrder, IsActive = s.IsActive, Version = s.Version,
    };
}

public sealed class CrewInput
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607D8B";
    public int? SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }

    public static CrewInput From(CrewItem c) => new()
    {
        Id = c.Id, Name = c.Name, Color = c.Color, SortOrder = c.SortOrder, IsActive = c.IsActive, Version = c.Version,
    };
}

/// <summary>
/// Service types and crews, configurable per company. Anyone in the company reads the active lists; adding,
/// renaming and deactivating needs ManageSettings (admins and managers). Renaming carries the new name to the
/// recurrences and the jobs not yet done (scheduled or in progress); completed work keeps the name it was done under.
/// </summary>
public sealed partial class JobListsService(CompanyDb companyDb)
{
    public const int NameMaxLength = 100;

    /// <summary>The active service types and crews, in their order (for pickers).</summary>
    public async Task<JobLists> ActiveAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCompany, ct);
        return await LoadAsync(db, activeOnly: true, ct);
    }

    /// <summary>Every service type and crew, inactive ones included (the settings page).</summary>
    public async Task<JobLists> AllAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        return await LoadAsync(db, activeOnly: false, ct);
    }

    public static async Task<JobLists> LoadAsync(CompanyDbContext db, bool activeOnly, CancellationToken ct)
    {
        var types = db.ServiceTypes.AsNoTracking();
        var crews = db.Crews.AsNoTracking();
        if (activeOnly)
        {
            types = types.Where(s => s.IsActive);
            crews = crews.Where(c => c.IsActive);
        }
        var serviceTypes = await types.OrderByDescending(s => s.IsActive).ThenBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new ServiceTypeItem(s.Id, s.Name, s.DefaultPrice, s.SortOrder, s.IsActive, s.Version)).ToListAsync(ct);
        var crewList = await crews.OrderByDescending(c => c.IsActive).ThenBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CrewItem(c.Id, c.Name, c.Color, c.SortOrder, c.IsActive, c.Version)).ToListAsync(ct);
        return new JobLists(serviceTypes, crewList);
    }

    public async Task<JobActionResult> SaveServiceTypeAsync(ServiceTypeInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        var errors = new Dictionary<string, string>();
        input.Name = CheckName(errors, input.Name);
        if (input.DefaultPrice is { } price)
        {
            JobValidation.CheckPrice(errors, price);
            if (errors.Remove(JobValidation.Price, out var why)) errors[nameof(input.DefaultPrice)] = why;
        }
        if (input.SortOrder is < 0 or > 10_000) errors[nameof(input.SortOrder)] = "Use an order from 0 to 10,000.";
        var lower = input.Name.ToLowerInvariant();
        if (!errors.ContainsKey(nameof(input.Name)) &&
            await db.ServiceTypes.AnyAsync(s => s.Id != (input.Id ?? 0) && s.Name.ToLower() == lower, ct))
            errors[nameof(input.Name)] = $"There is already a service type named '{input.Name}'.";
        if (errors.Count > 0) return new JobActionResult { Errors = errors };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        ServiceType item;
        string? oldName = null;
        if (input.Id is { } id)
        {
            var found = await db.ServiceTypes.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (found is null) return JobActionResult.Failed("This service type has been removed.");
            item = found;
            db.Entry(item).Property(s => s.Version).OriginalValue = input.Version;
            oldName = item.Name;
        }
        else
        {
            item = new ServiceType { SortOrder = input.SortOrder ?? await NextOrderAsync(db.ServiceTypes.Select(s => s.SortOrder), ct) };
            db.ServiceTypes.Add(item);
        }
        item.Name = input.Name;
        item.DefaultPrice = input.DefaultPrice;
        if (input.SortOrder is { } order) item.SortOrder = order;
        item.IsActive = input.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("service type");
        }
        if (oldName is not null && oldName != item.Name)
        {
            var name = item.Name;
            var actor = db.Actor;
            await db.Jobs.Where(j => j.ServiceType == oldName && (j.Status == JobStatus.Scheduled || j.Status == JobStatus.InProgress))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ServiceType, name).SetProperty(j => j.UpdatedBy, actor), ct);
            await db.JobRecurrences.Where(r => r.ServiceType == oldName)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ServiceType, name).SetProperty(r => r.UpdatedBy, actor), ct);
        }
        await tx.CommitAsync(ct);
        return JobActionResult.Ok(item.Id);
    }

    public async Task<JobActionResult> SaveCrewAsync(CrewInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        var errors = new Dictionary<string, string>();
        input.Name = CheckName(errors, input.Name);
        input.Color = input.Color?.Trim().ToUpperInvariant() ?? "";
        if (!ColorPattern().IsMatch(input.Color)) errors[nameof(input.Color)] = "Use a colour like #1E88E5.";
        if (input.SortOrder is < 0 or > 10_000) errors[nameof(input.SortOrder)] = "Use an order from 0 to 10,000.";
        if (input.Name == JobListQuery.Unassigned) errors[nameof(input.Name)] = "Choose another name.";
        var lower = input.Name.ToLowerInvariant();
        if (!errors.ContainsKey(nameof(input.Name)) &&
            await db.Crews.AnyAsync(c => c.Id != (input.Id ?? 0) && c.Name.ToLower() == lower, ct))
            errors[nameof(input.Name)] = $"There is already a crew named '{input.Name}'.";
        if (errors.Count > 0) return new JobActionResult { Errors = errors };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Crew item;
        string? oldName = null;
        if (input.Id is { } id)
        {
            var found = await db.Crews.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (found is null) return JobActionResult.Failed("This crew has been removed.");
            item = found;
            db.Entry(item).Property(c => c.Version).OriginalValue = input.Version;
            oldName = item.Name;
        }
        else
        {
            item = new Crew { SortOrder = input.SortOrder ?? await NextOrderAsync(db.Crews.Select(c => c.SortOrder), ct) };
            db.Crews.Add(item);
        }
        item.Name = input.Name;
        item.Color = input.Color;
        if (input.SortOrder is { } order) item.SortOrder = order;
        item.IsActive = input.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("crew");
        }
        if (oldName is not null && oldName != item.Name)
        {
            var name = item.Name;
            var actor = db.Actor;
            await db.Jobs.Where(j => j.Crew == oldName && (j.Status == JobStatus.Scheduled || j.Status == JobStatus.InProgress))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Crew, name).SetProperty(j => j.UpdatedBy, actor), ct);
            await db.JobRecurrences.Where(r => r.Crew == oldName)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Crew, name).SetProperty(r => r.UpdatedBy, actor), ct);
        }
        await tx.CommitAsync(ct);
        return JobActionResult.Ok(item.Id);
    }

    private static JobActionResult Conflict(string what) =>
        new() { Message = $"Someone else changed this {what} after you opened it. Nothing was saved: reload and try again.", Conflict = true };

    private static string CheckName(Dictionary<string, string> errors, string? name)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0) errors[nameof(ServiceTypeInput.Name)] = "Give it a name.";
        else if (clean.Length > NameMaxLength) errors[nameof(ServiceTypeInput.Name)] = $"Use at most {NameMaxLength} characters.";
        return clean;
    }

    private static async Task<int> NextOrderAsync(IQueryable<int> orders, CancellationToken ct) =>
        (await orders.Select(o => (int?)o).MaxAsync(ct) ?? 0) + 10;

    [GeneratedRegex("^#[0-9A-F]{6}$")]
    private static partial Regex ColorPattern();
}
