using System.Globalization;
using FieldKit.Data.Company;
using FieldKit.Domain.Approvals;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Approvals;

/// <summary>
/// The approval queue of the route's company. Salespeople submit (SubmitApprovals); managers and admins decide
/// (DecideApprovals), each checked on the server. A decision claims the item with a conditional UPDATE inside
/// the transaction that applies the change, so an item is applied exactly once however many people click.
/// </summary>
public sealed class ApprovalService(CompanyDb companyDb, CompanyCatalogue catalogue, TimeProvider clock, IOptions<FieldKitOptions> options)
{
    public const int MaxNoteLength = 2000;
    public const int DecidedListLimit = 100;

    // ---------------------------------------------------------------- submitting

    /// <summary>"Suggest a change": the customer's fields as the salesperson would have them.</summary>
    public async Task<SaveResult> SubmitCustomerChangeAsync(CustomerInput proposed, string? note, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.SubmitApprovals, ct);
        if (CheckNote(note) is { } noteError) return noteError;
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == proposed.Id, ct);
        if (customer is null) return SaveResult.Failed("This customer has been deleted.");
        var errors = CustomerService.Normalize(proposed);
        if (errors.Count > 0) return new SaveResult { Errors = errors };
        var changes = ApprovalDiff.Changes(ApprovalFields.Customer, ApprovalFields.Values(CustomerInput.From(customer)), ApprovalFields.Values(proposed));
        if (changes.Count == 0) return SaveResult.Failed("Nothing was changed: edit a field before sending.");
        return await AddAsync(db, new ApprovalRequest
        {
            RequestType = ApprovalTypes.UpdateCustomer, TargetId = customer.Id, TargetName = customer.PropertyName,
            Summary = ApprovalTypes.Summary(ApprovalTypes.UpdateCustomer, customer.PropertyName, null, changes.Select(c => c.Label).ToList()),
            RequestDetails = new ApprovalDetails { Fields = changes }.ToJson(),
        }, note, ct);
    }

    /// <summary>"Add contact" (no Id) or a change to an existing contact (Id set).</summary>
    public async Task<SaveResult> SubmitContactAsync(ContactInput proposed, string? note, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.SubmitApprovals, ct);
        if (CheckNote(note) is { } noteError) return noteError;
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == proposed.CustomerId, ct);
        if (customer is null) return SaveResult.Failed("This customer has been deleted.");
        var errors = CustomerService.NormalizeContact(proposed);
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        var before = new Dictionary<string, string?>();
        if (proposed.Id is { } contactId)
        {
            var contact = await db.CustomerContacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == contactId && x.CustomerId == customer.Id, ct);
            if (contact is null) return SaveResult.Failed("This contact has been removed.");
            before = ApprovalFields.Values(ContactInput.From(contact));
        }
        var changes = ApprovalDiff.Changes(ApprovalFields.Contact, before, ApprovalFields.Values(proposed));
        if (changes.Count == 0) return SaveResult.Failed("Nothing was changed: edit a field before sending.");
        var type = proposed.Id is null ? ApprovalTypes.AddContact : ApprovalTypes.UpdateContact;
        var name = FullName(proposed.FirstName, proposed.LastName);
        return await AddAsync(db, new ApprovalRequest
        {
            RequestType = type, TargetId = customer.Id, TargetName = customer.PropertyName, ContactName = name, ContactEmail = proposed.Email,
            Summary = ApprovalTypes.Summary(type, customer.PropertyName, name, changes.Select(c => c.Label).ToList()),
            RequestDetails = new ApprovalDetails { Fields = changes, ContactId = proposed.Id }.ToJson(),
        }, note, ct);
    }

    /// <summary>Asks to turn a prospect into a customer (the sales screens call this).</summary>
    public async Task<SaveResult> SubmitProspectConversionAsync(int prospectId, string? note, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.SubmitApprovals, ct);
        if (CheckNote(note) is { } noteError) return noteError;
        var access = await companyDb.AccessAsync(ct);
        var prospect = await db.SalesProspects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == prospectId, ct);
        if (prospect is null) return SaveResult.Failed("This prospect has been deleted.");
        if (prospect.OwnerUsername != access.Username && !access.Has(companyDb.Company, Permission.ViewAllSales))
            throw new PermissionDeniedException(access.Username, companyDb.Company, Permission.ViewAllSales);
        if (prospect.ConvertedCustomerId is not null) return SaveResult.Failed("This prospect is already a customer.");
        if (await db.ApprovalQueue.AnyAsync(a => a.RequestType == ApprovalTypes.ConvertProspect && a.TargetId == prospectId && a.Status == ApprovalStatus.Pending, ct))
            return SaveResult.Failed("A conversion of this prospect is already waiting for approval.");
        var values = ApprovalFields.Values(prospect);
        var fields = ApprovalFields.Prospect.Where(f => !string.IsNullOrWhiteSpace(values[f.Field]))
            .Select(f => new ProposedField(f.Field, f.Label, values[f.Field], values[f.Field])).ToList();
        return await AddAsync(db, new ApprovalRequest
        {
            RequestType = ApprovalTypes.ConvertProspect, TargetId = prospect.Id, TargetName = prospect.PropertyName,
            Summary = ApprovalTypes.Summary(ApprovalTypes.ConvertProspect, prospect.PropertyName, null, []),
            RequestDetails = new ApprovalDetails { Fields = fields }.ToJson(),
        }, note, ct);
    }

    /// <summary>
    /// Asks to copy a contact of <paramref name="sourceCompany"/> onto the same property in this company (the
    /// cross-company screens call this). The submitter must be able to read the source company's customers.
    /// </summary>
    public async Task<SaveResult> SubmitContactSyncAsync(string sourceCompany, int sourceContactId, int targetCustomerId, string? note, CancellationToken ct = default)
    {
        if (CheckNote(note) is { } noteError) return noteError;
        if (sourceCompany == companyDb.Company) return SaveResult.Failed("Pick a contact from another company.");
        ContactInput source;
        await using (var sourceDb = await companyDb.CreateAsync(sourceCompany, Permission.ViewCustomers, ct))
        {
            var contact = await sourceDb.CustomerContacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == sourceContactId, ct);
            if (contact is null) return SaveResult.Failed("That contact has been removed.");
            source = ContactInput.From(contact);
        }
        await using var db = await companyDb.CreateAsync(Permission.SubmitApprovals, ct);
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == targetCustomerId, ct);
        if (customer is null) return SaveResult.Failed("This customer has been deleted.");
        source.Id = null;
        source.CustomerId = customer.Id;
        source.IsPrimary = false;
        var fields = ApprovalDiff.Changes(ApprovalFields.Contact, new Dictionary<string, string?>(), ApprovalFields.Values(source));
        var name = FullName(source.FirstName, source.LastName);
        return await AddAsync(db, new ApprovalRequest
        {
            RequestType = ApprovalTypes.SyncContact, TargetId = customer.Id, TargetName = customer.PropertyName, ContactName = name, ContactEmail = source.Email,
            Summary = ApprovalTypes.Summary(ApprovalTypes.SyncContact, customer.PropertyName, name, [], CompanyName(sourceCompany)),
            RequestDetails = new ApprovalDetails { Fields = fields, SourceCompany = sourceCompany }.ToJson(),
        }, note, ct);
    }

    private async Task<SaveResult> AddAsync(CompanyDbContext db, ApprovalRequest item, string? note, CancellationToken ct)
    {
        item.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        item.SubmittedBy = db.Actor;
        item.SubmittedAt = clock.GetUtcNow();
        db.ApprovalQueue.Add(item);
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(item.Id);
    }

    private static SaveResult? CheckNote(string? note) => note?.Length > MaxNoteLength
        ? new SaveResult { Errors = new() { ["Note"] = $"Keep the note under {MaxNoteLength} characters." } }
        : null;

    // ---------------------------------------------------------------- the queue

    public async Task<IReadOnlyList<ApprovalRow>> ListAsync(ApprovalQuery query, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        var items = db.ApprovalQueue.AsNoTracking()
            .Where(a => query.Decided ? a.Status != ApprovalStatus.Pending : a.Status == ApprovalStatus.Pending);
        if (!string.IsNullOrEmpty(query.Type)) items = items.Where(a => a.RequestType == query.Type);
        if (!string.IsNullOrEmpty(query.SubmittedBy)) items = items.Where(a => a.SubmittedBy == query.SubmittedBy);
        items = query.Decided
            ? items.OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.Id).Take(DecidedListLimit)
            : items.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
        return (await items.ToListAsync(ct)).Select(ApprovalRow.From).ToList();
    }

    /// <summary>Who has submitted items (for the filter), by username.</summary>
    public async Task<IReadOnlyList<string>> SubmittersAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        return await db.ApprovalQueue.AsNoTracking().Select(a => a.SubmittedBy).Distinct().OrderBy(s => s).ToListAsync(ct);
    }

    /// <summary>Pending items, for the app bar badge: 0 for anyone who cannot decide them.</summary>
    public async Task<int> PendingCountAsync(CancellationToken ct = default)
    {
        var access = await companyDb.AccessAsync(ct);
        if (!access.Has(companyDb.Company, Permission.DecideApprovals)) return 0;
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        return await db.ApprovalQueue.CountAsync(a => a.Status == ApprovalStatus.Pending, ct);
    }

    public async Task<ApprovalReview?> ReviewAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        var item = await db.ApprovalQueue.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (item is null) return null;
        var details = ApprovalDetails.FromJson(item.RequestDetails);
        var target = await LoadTargetAsync(db, item, details, ct);
        return new ApprovalReview(ApprovalRow.From(item), ApprovalDiff.Compare(details.Fields, target.Current, target.IsNew), target.Gone, TargetLink(item));
    }

    private string? TargetLink(ApprovalRequest item) => item.TargetId is not { } id ? null : item.RequestType == ApprovalTypes.ConvertProspect
        ? $"/{companyDb.Company}/sales/prospects/{id}"
        : $"/{companyDb.Company}/customers/{id}";

    // ---------------------------------------------------------------- deciding

    /// <summary>
    /// Applies the request and marks it approved, in one transaction. When the target changed since submission
    /// nothing happens unless <paramref name="confirmChanged"/>; a deleted target is refused (reject it instead).
    /// </summary>
    public async Task<ApprovalOutcome> ApproveAsync(int id, bool confirmChanged = false, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ClaimAsync(db, id, ApprovalStatus.Approved, null, ct) is { } decided) return decided;

        var item = await db.ApprovalQueue.AsNoTracking().FirstAsync(a => a.Id == id, ct);
        var details = ApprovalDetails.FromJson(item.RequestDetails);
        var target = await LoadTargetAsync(db, item, details, ct);
        if (target.Gone is { } gone) return ApprovalOutcome.Failed(id, gone + " Reject the request instead.");
        if (!confirmChanged && ApprovalDiff.Compare(details.Fields, target.Current, target.IsNew).Any(d => d.ChangedSinceSubmitted))
            return new ApprovalOutcome(id, false, $"{item.TargetName} changed since this was submitted. Check both versions and confirm.", NeedsConfirmation: true);

        var error = item.RequestType switch
        {
            ApprovalTypes.UpdateCustomer => await ApplyCustomerAsync(db, item, details, ct),
            ApprovalTypes.AddContact or ApprovalTypes.UpdateContact or ApprovalTypes.SyncContact => await ApplyContactAsync(db, item, details, ct),
            ApprovalTypes.ConvertProspect => await ConvertProspectAsync(db, item, ct),
            _ => $"Unknown request type {item.RequestType}.",
        };
        if (error is not null) return ApprovalOutcome.Failed(id, error);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApprovalOutcome.Failed(id, $"{item.TargetName} was changed by someone else while approving; nothing was applied. Try again.");
        }
        await tx.CommitAsync(ct);
        return ApprovalOutcome.Ok(id, $"Approved: {item.Summary}");
    }

    public async Task<ApprovalOutcome> RejectAsync(int id, string? reason, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.DecideApprovals, ct);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return ApprovalOutcome.Failed(id, "Give a reason for rejecting.");
        if (reason.Length > MaxNoteLength) return ApprovalOutcome.Failed(id, $"Keep the reason under {MaxNoteLength} characters.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ClaimAsync(db, id, ApprovalStatus.Rejected, reason, ct) is { } decided) return decided;
        await tx.CommitAsync(ct);
        return ApprovalOutcome.Ok(id, "Rejected.");
    }

    /// <summary>Approves each selected item in its own transaction; items needing a confirm or a fix are left pending.</summary>
    public async Task<IReadOnlyList<ApprovalOutcome>> ApproveManyAsync(IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        var outcomes = new List<ApprovalOutcome>(ids.Count);
        foreach (var id in ids.Distinct()) outcomes.Add(await ApproveAsync(id, confirmChanged: false, ct));
        return outcomes;
    }

    /// <summary>
    /// Marks the item decided if, and only if, it is still pending. The UPDATE takes the row lock: a second
    /// approver waits for the first transaction, then finds the item decided. Returns the refusal, or null when claimed.
    /// </summary>
    private async Task<ApprovalOutcome?> ClaimAsync(CompanyDbContext db, int id, ApprovalStatus status, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.ApprovalQueue.Where(a => a.Id == id && a.Status == ApprovalStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, status).SetProperty(a => a.DecidedBy, db.Actor)
                .SetProperty(a => a.DecidedAt, now).SetProperty(a => a.DecisionReason, reason).SetProperty(a => a.UpdatedBy, db.Actor), ct);
        if (claimed == 1) return null;
        var item = await db.ApprovalQueue.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (item is null) return ApprovalOutcome.Failed(id, "This request no longer exists.");
        var when = item.DecidedAt is { } at ? " at " + TimeZoneInfo.ConvertTime(at, CompanyTime.Zone(options.Value)).ToString("M/d h:mm tt", CultureInfo.InvariantCulture) : "";
        return new ApprovalOutcome(id, false, $"Already {item.Status.ToString().ToLowerInvariant()} by {item.DecidedBy}{when}.", AlreadyDecided: true);
    }

    // ---------------------------------------------------------------- targets

    private sealed record Target(Dictionary<string, string?> Current, bool IsNew, string? Gone);

    private static readonly Dictionary<string, string?> Nothing = new();

    private async Task<Target> LoadTargetAsync(CompanyDbContext db, ApprovalRequest item, ApprovalDetails details, CancellationToken ct)
    {
        if (item.RequestType == ApprovalTypes.ConvertProspect)
        {
            var prospect = await db.SalesProspects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == item.TargetId, ct);
            if (prospect is null) return new Target(Nothing, false, $"The prospect {item.TargetName} has been deleted.");
            if (prospect.ConvertedCustomerId is not null) return new Target(ApprovalFields.Values(prospect), false, $"{prospect.PropertyName} is already a customer.");
            return new Target(ApprovalFields.Values(prospect), false, null);
        }
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == item.TargetId, ct);
        if (customer is null) return new Target(Nothing, false, $"The customer {item.TargetName} has been deleted.");
        switch (item.RequestType)
        {
            case ApprovalTypes.UpdateCustomer:
                return new Target(ApprovalFields.Values(CustomerInput.From(customer)), false, null);
            case ApprovalTypes.UpdateContact:
                var contact = await db.CustomerContacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == details.ContactId && x.CustomerId == customer.Id, ct);
                return contact is null
                    ? new Target(Nothing, false, $"The contact {item.ContactName} has been removed from {customer.PropertyName}.")
                    : new Target(ApprovalFields.Values(ContactInput.From(contact)), false, null);
            case ApprovalTypes.SyncContact:
                // The same person already on this property (by email, else by name) is updated rather than duplicated.
                var same = await FindSameContactAsync(db, customer.Id, details, ct);
                return same is null ? new Target(Nothing, true, null) : new Target(ApprovalFields.Values(ContactInput.From(same)), false, null);
            default:
                return new Target(Nothing, true, null);
        }
    }

    private static async Task<CustomerContact?> FindSameContactAsync(CompanyDbContext db, int customerId, ApprovalDetails details, CancellationToken ct)
    {
        string? Value(string field) => details.Fields.FirstOrDefault(f => f.Field == field)?.After;
        var email = Value(nameof(ContactInput.Email))?.ToLowerInvariant();
        var first = Value(nameof(ContactInput.FirstName))?.ToLowerInvariant() ?? "";
        var last = Value(nameof(ContactInput.LastName))?.ToLowerInvariant() ?? "";
        var contacts = await db.CustomerContacts.AsNoTracking().Where(x => x.CustomerId == customerId).OrderBy(x => x.Id).ToListAsync(ct);
        return contacts.FirstOrDefault(x => email is not null && x.Email?.ToLowerInvariant() == email)
            ?? contacts.FirstOrDefault(x => x.FirstName.ToLowerInvariant() == first && x.LastName.ToLowerInvariant() == last);
    }

    private static async Task<string?> ApplyCustomerAsync(CompanyDbContext db, ApprovalRequest item, ApprovalDetails details, CancellationToken ct)
    {
        var customer = await db.Customers.FirstAsync(c => c.Id == item.TargetId, ct);
        var input = CustomerInput.From(customer);
        foreach (var f in details.Fields)
            if (ApprovalFields.Set(input, f.Field, f.After) is { } error) return error;
        var errors = CustomerService.Normalize(input);
        if (errors.Count > 0) return "The proposed values are no longer valid: " + string.Join(" ", errors.Values);
        CustomerService.Apply(input, customer);
        return null;
    }

    private static async Task<string?> ApplyContactAsync(CompanyDbContext db, ApprovalRequest item, ApprovalDetails details, CancellationToken ct)
    {
        var customerId = item.TargetId!.Value;
        ContactInput input;
        if (item.RequestType == ApprovalTypes.UpdateContact)
            input = ContactInput.From(await db.CustomerContacts.AsNoTracking().FirstAsync(x => x.Id == details.ContactId, ct));
        else if (item.RequestType == ApprovalTypes.SyncContact && await FindSameContactAsync(db, customerId, details, ct) is { } same)
            input = ContactInput.From(same);
        else
            input = new ContactInput { CustomerId = customerId };
        foreach (var f in details.Fields)
            if (ApprovalFields.Set(input, f.Field, f.After) is { } error) return error;
        var errors = CustomerService.NormalizeContact(input);
        if (errors.Count > 0) return "The proposed values are no longer valid: " + string.Join(" ", errors.Values);
        await CustomerService.ApplyContactAsync(db, input, checkVersion: false, ct);
        return null;
    }

    /// <summary>The customer and its contacts from the prospect as it is now; the prospect is marked won and linked.</summary>
    private static async Task<string?> ConvertProspectAsync(CompanyDbContext db, ApprovalRequest item, CancellationToken ct)
    {
        var prospect = await db.SalesProspects.FirstAsync(p => p.Id == item.TargetId, ct);
        var input = new CustomerInput
        {
            PropertyName = prospect.PropertyName, Address = prospect.Address, City = prospect.City, State = prospect.State,
            Zip = prospect.Zip, UnitCount = prospect.UnitCount,
        };
        var errors = CustomerService.Normalize(input);
        if (errors.Count > 0) return "The prospect cannot become a customer as it is: " + string.Join(" ", errors.Values);
        if (!string.IsNullOrWhiteSpace(prospect.ManagementCompanyName))
        {
            var name = prospect.ManagementCompanyName.Trim();
            var mc = await db.ManagementCompanies.FirstOrDefaultAsync(m => m.Name.ToLower() == name.ToLower(), ct);
            if (mc is null)
            {
                mc = new ManagementCompany { Name = name };
                db.ManagementCompanies.Add(mc);
                await db.SaveChangesAsync(ct);
            }
            input.ManagementCompanyId = mc.Id;
        }
        var customer = new Customer();
        CustomerService.Apply(input, customer);
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);

        var salesContacts = await db.SalesContacts.AsNoTracking().Where(c => c.ProspectId == prospect.Id).OrderBy(c => c.Id).ToListAsync(ct);
        var primary = true;
        foreach (var sc in salesContacts)
        {
            var contact = new ContactInput
            {
                CustomerId = customer.Id, FirstName = sc.FirstName, LastName = sc.LastName, Title = sc.Title,
                OfficePhone = sc.OfficePhone, MobilePhone = sc.MobilePhone, Email = sc.Email, IsPrimary = primary,
            };
            // A sales contact with a malformed phone or email still comes across, without the bad value.
            var contactErrors = CustomerService.NormalizeContact(contact);
            if (contactErrors.ContainsKey(nameof(contact.FirstName))) continue;
            if (contactErrors.ContainsKey(nameof(contact.OfficePhone))) contact.OfficePhone = null;
            if (contactErrors.ContainsKey(nameof(contact.MobilePhone))) contact.MobilePhone = null;
            if (contactErrors.ContainsKey(nameof(contact.Email))) contact.Email = null;
            db.CustomerContacts.Add(new CustomerContact
            {
                CustomerId = customer.Id, FirstName = contact.FirstName, LastName = contact.LastName, Title = contact.Title,
                OfficePhone = contact.OfficePhone, MobilePhone = contact.MobilePhone, Email = contact.Email, IsPrimary = primary,
            });
            primary = false;
        }
        prospect.Status = ProspectStatus.Won;
        prospect.ConvertedCustomerId = customer.Id;
        return null;
    }

    private string CompanyName(string code) => catalogue.Find(code)?.Name ?? code;

    private static string FullName(string first, string? last) => string.IsNullOrWhiteSpace(last) ? first.Trim() : $"{first.Trim()} {last.Trim()}";
}
