using FieldKit.Data.Company;
using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Approvals;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Sales;

/// <summary>
/// Prospects, sales contacts and visits in the route's company (ManageSales). A salesperson works on their own
/// prospects; managers and admins (ViewAllSales) see and manage everyone's. Checked here, on the server.
/// </summary>
public sealed class SalesService(CompanyDb companyDb, ApprovalService approvals, TimeProvider clock, IOptions<FieldKitOptions> options)
{
    public const int MaxNotesLength = 4000;

    public DateOnly Today() => CompanyTime.Today(clock, options.Value);

    private sealed record Who(string Username, bool SeesAll);

    private async Task<(CompanyDbContext Db, Who Who)> OpenAsync(CancellationToken ct)
    {
        var access = await companyDb.AccessAsync(ct);
        var db = await companyDb.CreateAsync(Permission.ManageSales, ct);
        return (db, new Who(access.Username, access.Has(companyDb.Company, Permission.ViewAllSales)));
    }

    private static IQueryable<SalesProspect> Visible(CompanyDbContext db, Who who) =>
        who.SeesAll ? db.SalesProspects : db.SalesProspects.Where(p => p.OwnerUsername == who.Username);

    // ---------------------------------------------------------------- prospects

    public async Task<IReadOnlyList<ProspectRow>> ListProspectsAsync(ProspectQuery query, CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        var prospects = Visible(db, who).AsNoTracking();
        if (who.SeesAll && !string.IsNullOrEmpty(query.Owner)) prospects = prospects.Where(p => p.OwnerUsername == query.Owner);
        if (query.Status is { } status) prospects = prospects.Where(p => p.Status == status);
        if (!string.IsNullOrEmpty(query.Tag)) prospects = prospects.Where(p => db.SalesVisits.Any(v => v.ProspectId == p.Id && v.Tags.Contains(query.Tag)));
        if (query.FollowUpDue)
        {
            var today = Today();
            prospects = prospects.Where(p => p.NextFollowUp != null && p.NextFollowUp <= today && p.Status != ProspectStatus.Won && p.Status != ProspectStatus.Lost);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + Like.Escape(query.Search.Trim()) + "%";
            prospects = prospects.Where(p => EF.Functions.ILike(p.PropertyName, pattern, Like.EscapeChar) ||
                                             EF.Functions.ILike(p.Address!, pattern, Like.EscapeChar) ||
                                             EF.Functions.ILike(p.ManagementCompanyName!, pattern, Like.EscapeChar));
        }
        return await prospects
            .OrderBy(p => p.NextFollowUp == null).ThenBy(p => p.NextFollowUp).ThenBy(p => p.PropertyName)
            .Take(500)
            .Select(p => new ProspectRow(p.Id, p.PropertyName, p.City, p.ManagementCompanyName, p.UnitCount, p.Status, p.OwnerUsername, p.NextFollowUp,
                db.SalesVisits.Where(v => v.ProspectId == p.Id).OrderByDescending(v => v.VisitedAt).Select(v => (DateTimeOffset?)v.VisitedAt).FirstOrDefault(),
                db.SalesVisits.Where(v => v.ProspectId == p.Id).OrderByDescending(v => v.VisitedAt).Select(v => v.Tags).FirstOrDefault() ?? new List<string>()))
            .ToListAsync(ct);
    }

    /// <summary>Owners to filter by (managers and admins); a salesperson gets only themself.</summary>
    public async Task<IReadOnlyList<string>> OwnersAsync(CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        if (!who.SeesAll) return [who.Username];
        return await db.SalesProspects.AsNoTracking().Select(p => p.OwnerUsername).Distinct().OrderBy(o => o).ToListAsync(ct);
    }

    public async Task<ProspectDetails?> GetProspectAsync(int id, CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        var prospect = await db.SalesProspects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (prospect is null) return null;
        Demand(prospect, who);
        var contacts = await db.SalesContacts.AsNoTracking().Where(c => c.ProspectId == id).OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ToListAsync(ct);
        var visits = await VisitsAsync(db, db.SalesVisits.Where(v => v.ProspectId == id), ct);
        var pending = await db.ApprovalQueue.AnyAsync(a => a.RequestType == Domain.Approvals.ApprovalTypes.ConvertProspect && a.TargetId == id && a.Status == ApprovalStatus.Pending, ct);
        return new ProspectDetails(prospect, contacts, visits, pending);
    }

    private void Demand(SalesProspect prospect, Who who)
    {
        if (!who.SeesAll && prospect.OwnerUsername != who.Username)
            throw new PermissionDeniedException(who.Username, companyDb.Company, Permission.ViewAllSales);
    }

    public async Task<SaveResult> SaveProspectAsync(ProspectInput input, CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        var errors = new Dictionary<string, string>();
        input.PropertyName = input.PropertyName?.Trim() ?? "";
        if (input.PropertyName.Length == 0) errors[nameof(input.PropertyName)] = "Property name is required.";
        else if (input.PropertyName.Length > 200) errors[nameof(input.PropertyName)] = "Use at most 200 characters.";
        if (!ContactFormats.TryNormalizeState(input.State, out var state)) errors[nameof(input.State)] = ContactFormats.StateMessage;
        if (!ContactFormats.TryNormalizeZip(input.Zip, out var zip)) errors[nameof(input.Zip)] = ContactFormats.ZipMessage;
        if (input.UnitCount is < 0 or > 100_000) errors[nameof(input.UnitCount)] = "Enter the number of units (0 to 100,000).";
        if (input.Status == ProspectStatus.Won && input.Id is not null)
        {
            // Won is what approving a conversion sets; picking it by hand would skip creating the customer.
            var current = await db.SalesProspects.AsNoTracking().Where(p => p.Id == input.Id).Select(p => p.Status).FirstOrDefaultAsync(ct);
            if (current != ProspectStatus.Won) errors[nameof(input.Status)] = "A prospect is won when its conversion to a customer is approved: use \"Convert to customer\".";
        }
        else if (input.Status == ProspectStatus.Won) errors[nameof(input.Status)] = "A new prospect cannot start as won.";
        var owner = string.IsNullOrWhiteSpace(input.OwnerUsername) ? who.Username : input.OwnerUsername.Trim();
        if (owner != who.Username && !who.SeesAll) errors[nameof(input.OwnerUsername)] = "You can only own your prospects; ask a manager to reassign.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        SalesProspect prospect;
        if (input.Id is { } id)
        {
            prospect = await db.SalesProspects.FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new RecordGoneException("This prospect has been deleted.");
            Demand(prospect, who);
            db.Entry(prospect).Property(p => p.Version).OriginalValue = input.Version;
        }
        else
        {
            prospect = new SalesProspect();
            db.SalesProspects.Add(prospect);
        }
        prospect.PropertyName = input.PropertyName;
        prospect.Address = Clean(input.Address);
        prospect.City = Clean(input.City);
        prospect.State = state;
        prospect.Zip = zip;
        prospect.ManagementCompanyName = Clean(input.ManagementCompanyName);
        prospect.UnitCount = input.UnitCount;
        prospect.CurrentVendor = Clean(input.CurrentVendor);
        prospect.Status = input.Status;
        prospect.OwnerUsername = owner;
        prospect.NextFollowUp = input.NextFollowUp;
        prospect.Source = Clean(input.Source);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Failed("Someone else changed this prospect; reload to see their changes.");
        }
        return SaveResult.Ok(prospect.Id);
    }

    /// <summary>Sends the prospect to the approval queue to become a customer.</summary>
    public async Task<SaveResult> RequestConversionAsync(int prospectId, string? note, CancellationToken ct = default) =>
        await approvals.SubmitProspectConversionAsync(prospectId, note, ct);

    // ---------------------------------------------------------------- sales contacts

    public async Task<IReadOnlyList<SalesContact>> ContactsForCustomerAsync(int customerId, CancellationToken ct = default)
    {
        var (db, _) = await OpenAsync(ct);
        await using var __ = db;
        return await db.SalesContacts.AsNoTracking().Where(c => c.CustomerId == customerId).OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ToListAsync(ct);
    }

    public async Task<SaveResult> SaveContactAsync(SalesContactInput input, CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        var errors = new Dictionary<string, string>();
        input.FirstName = input.FirstName?.Trim() ?? "";
        input.LastName = input.LastName?.Trim() ?? "";
        if (input.FirstName.Length == 0) errors[nameof(input.FirstName)] = "First name is required.";
        if (!ContactFormats.TryNormalizePhone(input.OfficePhone, out var office)) errors[nameof(input.OfficePhone)] = ContactFormats.PhoneMessage;
        if (!ContactFormats.TryNormalizePhone(input.MobilePhone, out var mobile)) errors[nameof(input.MobilePhone)] = ContactFormats.PhoneMessage;
        if (!ContactFormats.IsEmail(input.Email)) errors[nameof(input.Email)] = ContactFormats.EmailMessage;
        if (input.Notes?.Length > MaxNotesLength) errors[nameof(input.Notes)] = $"Keep notes under {MaxNotesLength} characters.";
        if ((input.ProspectId is null) == (input.CustomerId is null)) errors[""] = "A contact belongs to one prospect or one customer.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };
        if (input.ProspectId is { } pid)
        {
            var prospect = await db.SalesProspects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct);
            if (prospect is null) return SaveResult.Failed("This prospect has been deleted.");
            Demand(prospect, who);
        }
        else if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
        {
            return SaveResult.Failed("This customer has been deleted.");
        }

        SalesContact contact;
        if (input.Id is { } id)
        {
            contact = await db.SalesContacts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new RecordGoneException("This contact has been removed.");
            if (!who.SeesAll && contact.OwnerUsername != who.Username)
                throw new PermissionDeniedException(who.Username, companyDb.Company, Permission.ViewAllSales);
        }
        else
        {
            contact = new SalesContact { OwnerUsername = who.Username };
            db.SalesContacts.Add(contact);
        }
        contact.ProspectId = input.ProspectId;
        contact.CustomerId = input.CustomerId;
        contact.FirstName = input.FirstName;
        contact.LastName = input.LastName;
        contact.Title = Clean(input.Title);
        contact.OfficePhone = office;
        contact.MobilePhone = mobile;
        contact.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        contact.Notes = Clean(input.Notes);
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(contact.Id);
    }

    /// <summary>"Submit to customer record": an add-contact request in the approval queue for the contact's customer.</summary>
    public async Task<SaveResult> SubmitContactToCustomerAsync(int salesContactId, CancellationToken ct = default)
    {
        SalesContact? contact;
        var (db, _) = await OpenAsync(ct);
        await using (db)
            contact = await db.SalesContacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == salesContactId, ct);
        if (contact is null) return SaveResult.Failed("This contact has been removed.");
        if (contact.CustomerId is not { } customerId) return SaveResult.Failed("Only a contact of a customer can be added to its record; convert the prospect instead.");
        return await approvals.SubmitContactAsync(new ContactInput
        {
            CustomerId = customerId, FirstName = contact.FirstName, LastName = contact.LastName, Title = contact.Title,
            OfficePhone = contact.OfficePhone, MobilePhone = contact.MobilePhone, Email = contact.Email,
        }, contact.Notes, ct);
    }

    // ---------------------------------------------------------------- visits

    public async Task<IReadOnlyList<VisitTag>> ActiveTagsAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await db.VisitTags.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.SortOrder).ThenBy(t => t.Name)
            .Select(t => new VisitTag(t.Name, t.Color)).ToListAsync(ct);
    }

    /// <summary>
    /// Logs a visit (date defaults to now). On a prospect: a first visit makes it contacted; a follow-up date
    /// replaces the next follow-up, and a visit without one clears a follow-up that was due (the visit was it).
    /// </summary>
    public async Task<SaveResult> LogVisitAsync(VisitInput input, CancellationToken ct = default)
    {
        var (db, who) = await OpenAsync(ct);
        await using var _ = db;
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string>();
        if ((input.ProspectId is null) == (input.CustomerId is null)) return SaveResult.Failed("A visit is to one prospect or one customer.");
        var visitedAt = input.VisitedAt ?? now;
        if (visitedAt > now.AddHours(1)) errors[nameof(input.VisitedAt)] = "A visit cannot be in the future.";
        var visitDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visitedAt, CompanyTime.Zone(options.Value)).DateTime);
        if (input.FollowUpDate is { } f && f < visitDay) errors[nameof(input.FollowUpDate)] = "The follow-up must be on or after the visit.";
        if (input.Notes?.Length > MaxNotesLength) errors[nameof(input.Notes)] = $"Keep notes under {MaxNotesLength} characters.";
        var tags = input.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.VisitTags.AsNoTracking().Where(t => t.IsActive).Select(t => t.Name).ToListAsync(ct);
        if (tags.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown) errors[nameof(input.Tags)] = $"Unknown tag: {string.Join(", ", unknown)}.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        SalesProspect? prospect = null;
        if (input.ProspectId is { } pid)
        {
            prospect = await db.SalesProspects.FirstOrDefaultAsync(p => p.Id == pid, ct);
            if (prospect is null) return SaveResult.Failed("This prospect has been deleted.");
            Demand(prospect, who);
        }
        else if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
        {
            return SaveResult.Failed("This customer has been deleted.");
        }
        var contactIds = input.ContactIds.Distinct().ToList();
        if (contactIds.Count > 0)
        {
            var valid = await db.SalesContacts.CountAsync(c => contactIds.Contains(c.Id) &&
                (input.ProspectId != null ? c.ProspectId == input.ProspectId : c.CustomerId == input.CustomerId), ct);
            if (valid != contactIds.Count) return new SaveResult { Errors = new() { [nameof(input.ContactIds)] = "Pick contacts of this property." } };
        }

        db.SalesVisits.Add(new SalesVisit
        {
            ProspectId = input.ProspectId, CustomerId = input.CustomerId, VisitedAt = visitedAt, Tags = tags,
            Notes = Clean(input.Notes), ContactIds = contactIds, FollowUpDate = input.FollowUpDate, SalespersonUsername = who.Username,
        });
        if (prospect is not null)
        {
            prospect.Status = SalesRules.AfterVisit(prospect.Status);
            if (input.FollowUpDate is { } next) prospect.NextFollowUp = next;
            else if (prospect.NextFollowUp is { } due && due <= visitDay) prospect.NextFollowUp = null;
        }
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(prospect?.Id ?? input.CustomerId!.Value);
    }

    public async Task<IReadOnlyList<VisitEntry>> VisitsForCustomerAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await VisitsAsync(db, db.SalesVisits.Where(v => v.CustomerId == customerId), ct);
    }

    private static async Task<IReadOnlyList<VisitEntry>> VisitsAsync(CompanyDbContext db, IQueryable<SalesVisit> visits, CancellationToken ct)
    {
        var list = await visits.AsNoTracking().OrderByDescending(v => v.VisitedAt).ThenByDescending(v => v.Id).Take(100).ToListAsync(ct);
        var ids = list.SelectMany(v => v.ContactIds).Distinct().ToList();
        var names = ids.Count == 0 ? new Dictionary<int, string>() : await db.SalesContacts.AsNoTracking().IgnoreQueryFilters()
            .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.FirstName + " " + c.LastName).Trim(), ct);
        return list.Select(v => new VisitEntry(v.Id, v.VisitedAt, v.SalespersonUsername, v.Tags, v.Notes,
            v.ContactIds.Where(names.ContainsKey).Select(i => names[i]).ToList(), v.FollowUpDate)).ToList();
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
