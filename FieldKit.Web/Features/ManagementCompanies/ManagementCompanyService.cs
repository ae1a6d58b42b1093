using FieldKit.Domain.Customers;
using FieldKit.Web.Features.Customers;
using System.Text.RegularExpressions;
using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.ManagementCompanies;

/// <summary>
/// Management companies of the route's company and which properties they run. Reads need
/// <see cref="Permission.ViewCustomers"/>, writes <see cref="Permission.EditCustomers"/>; both are checked on the
/// server by <see cref="CompanyDb"/> (a refusal is a <see cref="PermissionDeniedException"/>, left for the page).
/// Every write is attributed to the signed-in user, and the audit trigger records it.
/// </summary>
public sealed partial class ManagementCompanyService(CompanyDb companyDb, ILogger<ManagementCompanyService> logger)
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int AddressMaxLength = 300;
    public const int CityMaxLength = 100;
    public const int NotesMaxLength = 4000;
    /// <summary>Longer search text cannot match a name (and is not worth sending to the database).</summary>
    private const int SearchMaxLength = 200;
    /// <summary>Serialises the duplicate-name check and the insert/rename, per database (no unique index on lower(name) yet).</summary>
    private const long NameLockKey = 0x4D475443_4E414D45; // "MGTCNAME"

    /// <summary>Whether the signed-in user may change management companies here: for showing buttons only; writes check again.</summary>
    public async Task<bool> CanEditAsync(CancellationToken ct)
    {
        var access = await companyDb.AccessAsync(ct);
        return access.Has(companyDb.Company, Permission.EditCustomers);
    }

    /// <summary>Management companies whose name contains <paramref name="search"/> (any case), by name, with their property counts.</summary>
    public async Task<IReadOnlyList<ManagementCompanyRow>> ListAsync(string? search, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await Matching(db.ManagementCompanies.AsNoTracking(), search)
            .OrderBy(m => m.Name).ThenBy(m => m.Id)
            .Select(m => new ManagementCompanyRow(m.Id, m.Name, m.Phone, m.Email, m.City, m.Properties.Count()))
            .ToListAsync(ct);
    }

    /// <summary>Up to <paramref name="max"/> management companies whose name contains <paramref name="search"/>, for pickers.</summary>
    public async Task<IReadOnlyList<ManagementCompanyOption>> LookupAsync(string? search, int? excludeId, int max, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var query = Matching(db.ManagementCompanies.AsNoTracking(), search);
        if (excludeId is { } id) query = query.Where(m => m.Id != id);
        return await query
            .OrderBy(m => m.Name).ThenBy(m => m.Id)
            .Take(Math.Clamp(max, 1, 100))
            .Select(m => new ManagementCompanyOption(m.Id, m.Name, m.City))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Up to <paramref name="max"/> properties whose name contains <paramref name="search"/>, excluding those already
    /// run by <paramref name="notManagedBy"/>, for the "add property" picker.
    /// </summary>
    public async Task<IReadOnlyList<PropertyOption>> SearchPropertiesAsync(string? search, int? notManagedBy, int max, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var query = db.Customers.AsNoTracking();
        if (ContainsPattern(search) is { } pattern)
            query = query.Where(c => EF.Functions.ILike(c.PropertyName, pattern, Like.EscapeChar));
        if (notManagedBy is { } id)
            query = query.Where(c => c.ManagementCompanyId == null || c.ManagementCompanyId != id);
        return await query
            .OrderBy(c => c.PropertyName).ThenBy(c => c.Id)
            .Take(Math.Clamp(max, 1, 100))
            .Select(c => new PropertyOption(c.Id, c.PropertyName, c.City,
                c.ManagementCompany == null ? null : c.ManagementCompany.Name))
            .ToListAsync(ct);
    }

    /// <summary>The management company and its properties by name; null when it does not exist or was deleted.</summary>
    public async Task<ManagementCompanyDetails?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await db.ManagementCompanies.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new ManagementCompanyDetails(
                m.Id, m.Name, m.Phone, m.Email, m.Address, m.City, m.State, m.Zip, m.Notes, m.Version,
                m.Properties
                    .OrderBy(c => c.PropertyName).ThenBy(c => c.Id)
                    .Select(c => new ManagedProperty(c.Id, c.PropertyName, c.City, c.Status))
                    .ToList()))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Creates (<see cref="ManagementCompanyInput.Id"/> null) or updates a management company. Invalid input, a
    /// duplicate name or a change someone else saved first writes nothing and says why.
    /// </summary>
    public async Task<ManagementCompanySaveResult> SaveAsync(ManagementCompanyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);

        var (values, errors) = Validate(input);
        if (errors.Count > 0) return ManagementCompanySaveResult.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Held to the end of the transaction: two people saving "Greystar" at once cannot both succeed.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({NameLockKey})", ct);

        ManagementCompany entity;
        if (input.Id is { } id)
        {
            var found = await db.ManagementCompanies.FirstOrDefaultAsync(m => m.Id == id, ct);
            if (found is null) return ManagementCompanySaveResult.Failed(ManagementCompanySaveResult.NotFoundMessage);
            entity = found;
        }
        else
        {
            entity = new ManagementCompany();
        }

        var selfId = input.Id ?? 0;
        var exactName = Like.Escape(values.Name);
        var duplicate = await db.ManagementCompanies.AsNoTracking()
            .Where(m => m.Id != selfId && EF.Functions.ILike(m.Name, exactName, Like.EscapeChar))
            .Select(m => m.Name)
            .FirstOrDefaultAsync(ct);
        if (duplicate is not null)
            return ManagementCompanySaveResult.Invalid(new(StringComparer.Ordinal)
            {
                [ManagementCompanyFields.Name] = $"A management company named '{duplicate}' already exists.",
            });

        if (input.Id is null)
            db.ManagementCompanies.Add(entity);
        else if (input.Version is { } version)
            db.Entry(entity).Property(e => e.Version).OriginalValue = version;
        entity.Name = values.Name;
        entity.Phone = values.Phone;
        entity.Email = values.Email;
        entity.Address = values.Address;
        entity.City = values.City;
        entity.State = values.State;
        entity.Zip = values.Zip;
        entity.Notes = values.Notes;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ManagementCompanySaveResult.Failed(ManagementCompanySaveResult.ConcurrencyMessage);
        }
        logger.LogInformation("{Actor} {Action} management company {Id} {Name} in {Company}", db.Actor,
            input.Id is null ? "created" : "updated", entity.Id, entity.Name, db.CompanyCode);
        return ManagementCompanySaveResult.Ok(entity.Id, entity.Version);
    }

    /// <summary>Sets which management company runs a property; <paramref name="managementCompanyId"/> null means none.</summary>
    public async Task<PropertyMoveResult> SetPropertyManagementCompanyAsync(int customerId, int? managementCompanyId, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return PropertyMoveResult.Failed(PropertyMoveResult.PropertyNotFoundMessage);

        string? targetName = null;
        if (managementCompanyId is { } targetId)
        {
            targetName = await db.ManagementCompanies.Where(m => m.Id == targetId).Select(m => m.Name).FirstOrDefaultAsync(ct);
            if (targetName is null) return PropertyMoveResult.Failed(PropertyMoveResult.ManagementCompanyNotFoundMessage);
        }
        if (customer.ManagementCompanyId == managementCompanyId)
            return PropertyMoveResult.Ok(customer.PropertyName, targetName);

        var previous = customer.ManagementCompanyId;
        customer.ManagementCompanyId = managementCompanyId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return PropertyMoveResult.Failed(PropertyMoveResult.ConcurrencyMessage);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation })
        {
            // Hard-deleted between the check and the save (soft deletes are caught by the check).
            return PropertyMoveResult.Failed(PropertyMoveResult.ManagementCompanyNotFoundMessage);
        }
        logger.LogInformation("{Actor} moved property {CustomerId} from management company {From} to {To} in {Company}",
            db.Actor, customerId, previous, managementCompanyId, db.CompanyCode);
        return PropertyMoveResult.Ok(customer.PropertyName, targetName);
    }

    /// <summary>Trims and normalises every field and checks them; the values are usable only when there are no errors.</summary>
    public static (ManagementCompanyInput Values, Dictionary<string, string> Errors) Validate(ManagementCompanyInput input)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new ManagementCompanyInput
        {
            Id = input.Id,
            Version = input.Version,
            Name = Whitespace().Replace(input.Name ?? "", " ").Trim(),
            Address = Clean(input.Address),
            City = Clean(input.City),
            Notes = input.Notes is null || input.Notes.Trim().Length == 0 ? null : input.Notes.Trim(),
        };

        if (values.Name.Length == 0) errors[ManagementCompanyFields.Name] = "Enter the management company's name.";
        else if (values.Name.Length > NameMaxLength) errors[ManagementCompanyFields.Name] = $"Use at most {NameMaxLength} characters.";

        // The same US phone, email, state and ZIP rules as every other form (FieldKit.Domain).
        if (ContactFormats.TryNormalizePhone(input.Phone, out var phone)) values.Phone = phone;
        else errors[ManagementCompanyFields.Phone] = ContactFormats.PhoneMessage;
        values.Email = Clean(input.Email);
        if (!ContactFormats.IsEmail(values.Email)) errors[ManagementCompanyFields.Email] = ContactFormats.EmailMessage;
        if (ContactFormats.TryNormalizeState(input.State, out var state)) values.State = state;
        else errors[ManagementCompanyFields.State] = ContactFormats.StateMessage;
        if (ContactFormats.TryNormalizeZip(input.Zip, out var zip)) values.Zip = zip;
        else errors[ManagementCompanyFields.Zip] = ContactFormats.ZipMessage;

        if (values.Address?.Length > AddressMaxLength) errors[ManagementCompanyFields.Address] = $"Use at most {AddressMaxLength} characters.";
        if (values.City?.Length > CityMaxLength) errors[ManagementCompanyFields.City] = $"Use at most {CityMaxLength} characters.";
        if (values.Notes?.Length > NotesMaxLength) errors[ManagementCompanyFields.Notes] = $"Use at most {NotesMaxLength} characters.";
        return (values, errors);
    }


    /// <summary>A LIKE pattern matching names that contain the search text literally; null for no search.</summary>
    private static string? ContainsPattern(string? search)
    {
        var text = search?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > SearchMaxLength) text = text[..SearchMaxLength];
        return $"%{Like.Escape(text)}%";
    }

    private static IQueryable<ManagementCompany> Matching(IQueryable<ManagementCompany> query, string? search) =>
        ContainsPattern(search) is { } pattern ? query.Where(m => EF.Functions.ILike(m.Name, pattern, Like.EscapeChar)) : query;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

}
