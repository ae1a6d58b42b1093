using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Auditing;
using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

using FieldKit.Web.Features.Live;

namespace FieldKit.Web.Features.Customers;

public sealed record HistoryEntry(DateTimeOffset At, string? By, string Subject, string Operation, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// Customers and their contacts in the route's company. Every method checks the permission on the server
/// (through CompanyDb); a salesperson can read but every write refuses them.
/// </summary>
public sealed class CustomerService(CompanyDb companyDb, CustomerCountCache? counts = null, SharedReads? shared = null)
{
    public async Task<PagedResult<CustomerListRow>> ListAsync(CustomerListQuery query, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await ListAsync(db, query, ct, counts is null ? null : c => counts.GetAsync(companyDb.Company, c, ct));
    }

    /// <summary>The list query itself, on a given context: the benchmark runs exactly this.</summary>
    /// <param name="unfilteredCount">Where the count of all customers comes from when nothing filters the list (a shared cache); null counts.</param>
    public static async Task<PagedResult<CustomerListRow>> ListAsync(CompanyDbContext db, CustomerListQuery query, CancellationToken ct,
        Func<Func<CancellationToken, Task<int>>, Task<int>>? unfilteredCount = null)
    {
        var customers = Filter(db, query);
        // A search that matches thousands needs no exact figure ("1,000+"); counting them all is what was slow.
        var searching = SearchPatterns(query.Search) is not null;
        var unfiltered = !searching && query.Status is null && query.ManagementCompanyId is null && string.IsNullOrWhiteSpace(query.City);
        var (total, capped) = searching
            ? await CappedCount.CountAsync(customers, SearchCountCap, query.Page, query.PageSize, ct)
            : unfiltered && unfilteredCount is not null
                ? (await unfilteredCount(token => customers.CountAsync(token)), false)
                : (await customers.CountAsync(ct), false);
        var rows = await Sort(customers, query.SortBy, query.Descending)
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(c => new CustomerListRow(c.Id, c.PropertyName, c.Address, c.City, c.State, c.Zip,
                c.ManagementCompany!.Name, c.Status, c.Phone,
                c.Contacts.Where(x => x.IsPrimary).Select(x => x.FirstName + " " + x.LastName).FirstOrDefault()))
            .ToListAsync(ct);
        return new PagedResult<CustomerListRow>(rows, total, capped);
    }

    /// <summary>Searches count matches up to this many (or two pages past the current one), then say "N+".</summary>
    public const int SearchCountCap = 1000;

    private static IQueryable<Customer> Filter(CompanyDbContext db, CustomerListQuery query)
    {
        var customers = db.Customers.AsNoTracking();
        if (query.Status is { } status) customers = customers.Where(c => c.Status == status);
        if (query.ManagementCompanyId is { } mc) customers = customers.Where(c => c.ManagementCompanyId == mc);
        if (!string.IsNullOrWhiteSpace(query.City))
            customers = customers.Where(c => EF.Functions.ILike(c.City!, Like.Escape(query.City.Trim()) + "%", Like.EscapeChar));
        if (SearchPatterns(query.Search) is { } p)
        {
            // One trigram-indexed LIKE over customer_search (customer and contact text together, kept by triggers).
            var matches = db.CustomerSearch.Where(x => EF.Functions.Like(x.Text, p.Text, Like.EscapeChar) ||
                                                       (p.Digits != null && EF.Functions.Like(x.Text, p.Digits, Like.EscapeChar)))
                .Select(x => x.CustomerId);
            customers = customers.Where(c => matches.Contains(c.Id));
        }
        return customers;
    }

    private static IQueryable<Customer> Sort(IQueryable<Customer> q, string sortBy, bool descending)
    {
        IOrderedQueryable<Customer> sorted = sortBy switch
        {
            nameof(CustomerListRow.City) => descending ? q.OrderByDescending(c => c.City) : q.OrderBy(c => c.City),
            nameof(CustomerListRow.ManagementCompany) => descending ? q.OrderByDescending(c => c.ManagementCompany!.Name) : q.OrderBy(c => c.ManagementCompany!.Name),
            nameof(CustomerListRow.Status) => descending ? q.OrderByDescending(c => c.Status) : q.OrderBy(c => c.Status),
            nameof(CustomerListRow.Zip) => descending ? q.OrderByDescending(c => c.Zip) : q.OrderBy(c => c.Zip),
            _ => descending ? q.OrderByDescending(c => c.PropertyName) : q.OrderBy(c => c.PropertyName),
        };
        return sorted.ThenBy(c => c.Id);
    }

    /// <summary>Lower-cased LIKE patterns for the search box; a phone-like term also matches digits only.</summary>
    public static (string Text, string? Digits)? SearchPatterns(string? search)
    {
        var term = search?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(term)) return null;
        var digits = ContactFormats.Digits(term);
        var phoneLike = digits.Length >= 3 && term.All(ch => char.IsDigit(ch) || " ()-.+".Contains(ch));
        return ("%" + Like.Escape(term) + "%", phoneLike && digits != term ? "%" + digits + "%" : null);
    }

    public async Task<CustomerDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await GetAsync(db, id, ct);
    }

    /// <summary>
    /// The customer page re-reading after a change notification: every tab showing this customer asks at once,
    /// so one read started after <paramref name="freshAfter"/> serves them all (<see cref="SharedReads"/>).
    /// Each caller's permission is checked first; the shared result is read-only.
    /// </summary>
    public async Task<CustomerDetails?> GetAfterChangeAsync(int id, long freshAfter, CancellationToken ct = default)
    {
        var access = await companyDb.AccessAsync(ct);
        access.Demand(companyDb.Company, Permission.ViewCustomers);
        if (shared is null) return await GetAsync(id, ct);
        return await shared.GetAsync($"{companyDb.Company}:customer:{id}", freshAfter, () => GetAsync(id, CancellationToken.None));
    }

    /// <summary>The customer page's query, on a given context: the benchmark runs exactly this.</summary>
    public static async Task<CustomerDetails?> GetAsync(CompanyDbContext db, int id, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.ManagementCompany).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return null;
        var contacts = await db.CustomerContacts.AsNoTracking().Where(x => x.CustomerId == id)
            .OrderByDescending(x => x.IsPrimary).ThenBy(x => x.LastName).ThenBy(x => x.FirstName).ToListAsync(ct);
        return new CustomerDetails(customer, customer.ManagementCompany?.Name, contacts);
    }

    public async Task<IReadOnlyList<(int Id, string Name)>> ManagementCompaniesAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var list = await db.ManagementCompanies.AsNoTracking().OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        return list.Select(m => (m.Id, m.Name)).ToList();
    }

    /// <summary>
    /// Creates or updates a customer. A possible duplicate (same normalised name or address) is returned for
    /// confirmation unless <paramref name="confirmedDuplicate"/>; a stale version returns the conflict.
    /// </summary>
    public async Task<SaveResult> SaveAsync(CustomerInput input, bool confirmedDuplicate = false, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);
        var errors = Normalize(input);
        if (input.ManagementCompanyId is { } mcId && !await db.ManagementCompanies.AnyAsync(m => m.Id == mcId, ct))
            errors[nameof(input.ManagementCompanyId)] = "That management company no longer exists.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        if (!confirmedDuplicate)
        {
            var nameKey = MatchKeys.Name(input.PropertyName);
            var addressKey = MatchKeys.Address(input.Address);
            var duplicates = await db.Customers.AsNoTracking()
                .Where(c => c.Id != (input.Id ?? 0) && (c.NameKey == nameKey || (addressKey != "" && c.AddressKey == addressKey)))
                .OrderBy(c => c.PropertyName).Take(5)
                .Select(c => c.PropertyName + (c.Address == null ? "" : ", " + c.Address) + (c.City == null ? "" : ", " + c.City))
                .ToListAsync(ct);
            if (duplicates.Count > 0) return new SaveResult { PossibleDuplicates = duplicates };
        }

        Customer customer;
        if (input.Id is { } id)
        {
            customer = await db.Customers.Include(c => c.ManagementCompany).FirstOrDefaultAsync(c => c.Id == id, ct)
                ?? throw new RecordGoneException("This customer has been deleted; it can no longer be edited.");
            db.Entry(customer).Property(c => c.Version).OriginalValue = input.Version;
        }
        else
        {
            customer = new Customer();
            db.Customers.Add(customer);
        }
        Apply(input, customer);
        try
        {
            await db.SaveChangesAsync(ct);
            counts?.Invalidate(companyDb.Company);   // our own write: no waiting for the change feed
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(db, customer.Id, ct);
        }
        return SaveResult.Ok(customer.Id);
    }

    private static async Task<SaveResult> ConflictAsync(CompanyDbContext db, int id, CancellationToken ct)
    {
        var current = await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).FirstAsync(c => c.Id == id, ct);
        if (current.DeletedAt is not null)
            return SaveResult.Failed($"{current.DeletedBy} deleted this customer; your changes were not saved.");
        return new SaveResult { Conflict = new EditConflict(current.UpdatedBy, current.UpdatedAt, CustomerInput.From(current)) };
    }

    /// <summary>Server-side validation; normalises phones, ZIP and state in place. Empty dictionary = valid.</summary>
    public static Dictionary<string, string> Normalize(CustomerInput input)
    {
        var errors = new Dictionary<string, string>();
        input.PropertyName = input.PropertyName?.Trim() ?? "";
        if (input.PropertyName.Length == 0) errors[nameof(input.PropertyName)] = "Property name is required.";
        else if (input.PropertyName.Length > 200) errors[nameof(input.PropertyName)] = "Use at most 200 characters.";
        if (!ContactFormats.TryNormalizePhone(input.Phone, out var phone)) errors[nameof(input.Phone)] = ContactFormats.PhoneMessage;
        else input.Phone = phone;
        if (!ContactFormats.IsEmail(input.Email)) errors[nameof(input.Email)] = ContactFormats.EmailMessage;
        else input.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        CheckAddress(errors, input.State, input.Zip, nameof(input.State), nameof(input.Zip), out var state, out var zip);
        input.State = state;
        input.Zip = zip;
        CheckAddress(errors, input.BillingState, input.BillingZip, nameof(input.BillingState), nameof(input.BillingZip), out var bState, out var bZip);
        input.BillingState = bState;
        input.BillingZip = bZip;
        if (input.PaymentTermsDays is < 0 or > 365) errors[nameof(input.PaymentTermsDays)] = "Terms are 0 to 365 days.";
        if (input.UnitCount is < 0 or > 100_000) errors[nameof(input.UnitCount)] = "Enter the number of units (0 to 100,000).";
        return errors;
    }

    private static void CheckAddress(Dictionary<string, string> errors, string? stateIn, string? zipIn, string stateField, string zipField,
        out string? state, out string? zip)
    {
        if (!ContactFormats.TryNormalizeState(stateIn, out state)) errors[stateField] = ContactFormats.StateMessage;
        if (!ContactFormats.TryNormalizeZip(zipIn, out zip)) errors[zipField] = ContactFormats.ZipMessage;
    }

    /// <summary>Copies a validated (Normalize) input onto the entity.</summary>
    public static void Apply(CustomerInput input, Customer c)
    {
        c.PropertyName = input.PropertyName;
        c.Address = Clean(input.Address);
        c.City = Clean(input.City);
        c.State = input.State;
        c.Zip = input.Zip;
        c.Phone = input.Phone;
        c.Email = input.Email;
        c.ManagementCompanyId = input.ManagementCompanyId;
        c.UnitCount = input.UnitCount;
        c.BillingName = Clean(input.BillingName);
        c.BillingAddress = Clean(input.BillingAddress);
        c.BillingCity = Clean(input.BillingCity);
        c.BillingState = input.BillingState;
        c.BillingZip = input.BillingZip;
        c.PaymentTermsDays = input.PaymentTermsDays;
        c.Notes = Clean(input.Notes);
        c.Status = input.Status;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public async Task<SaveResult> DeleteAsync(int id, uint version, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return SaveResult.Failed("This customer has already been deleted.");
        db.Entry(customer).Property(c => c.Version).OriginalValue = version;
        db.Customers.Remove(customer);
        try
        {
            await db.SaveChangesAsync(ct);
            counts?.Invalidate(companyDb.Company);   // our own write: no waiting for the change feed
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(db, id, ct);
        }
        return SaveResult.Ok(id);
    }

    public async Task<IReadOnlyList<DeletedCustomerRow>> ListDeletedAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewDeleted, ct);
        return await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .Where(c => c.DeletedAt != null).OrderByDescending(c => c.DeletedAt)
            .Select(c => new DeletedCustomerRow(c.Id, c.PropertyName, c.City, c.DeletedAt!.Value, c.DeletedBy))
            .ToListAsync(ct);
    }

    public async Task<SaveResult> RestoreAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.RestoreDeleted, ct);
        var customer = await db.Customers.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null) return SaveResult.Failed("No such customer.");
        if (customer.DeletedAt is null) return SaveResult.Ok(id);
        customer.DeletedAt = null;
        customer.DeletedBy = null;
        await db.SaveChangesAsync(ct);
        counts?.Invalidate(companyDb.Company);   // our own write: no waiting for the change feed
        return SaveResult.Ok(id);
    }

    /// <summary>Adds or updates a contact; making one primary clears the others in the same save.</summary>
    public async Task<(SaveResult Result, ContactInput Input)> SaveContactAsync(ContactInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);
        var errors = NormalizeContact(input);
        if (errors.Count > 0) return (new SaveResult { Errors = errors }, input);
        if (!await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
            return (SaveResult.Failed("This customer has been deleted."), input);

        var contact = await ApplyContactAsync(db, input, checkVersion: true, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (SaveResult.Failed("Someone else changed this contact; reload to see their changes."), input);
        }
        return (SaveResult.Ok(contact.Id), input);
    }

    /// <summary>
    /// Adds or updates the contact on the context (not saved): a validated (NormalizeContact) input; making it
    /// primary clears the others; a property's first contact is its primary.
    /// </summary>
    public static async Task<CustomerContact> ApplyContactAsync(CompanyDbContext db, ContactInput input, bool checkVersion, CancellationToken ct)
    {
        CustomerContact contact;
        if (input.Id is { } id)
        {
            contact = await db.CustomerContacts.FirstOrDefaultAsync(x => x.Id == id && x.CustomerId == input.CustomerId, ct)
                ?? throw new RecordGoneException("This contact has been removed.");
            if (checkVersion) db.Entry(contact).Property(x => x.Version).OriginalValue = input.Version;
        }
        else
        {
            contact = new CustomerContact { CustomerId = input.CustomerId };
            db.CustomerContacts.Add(contact);
            // The first contact of a property is its primary contact.
            if (!await db.CustomerContacts.AnyAsync(x => x.CustomerId == input.CustomerId, ct)) input.IsPrimary = true;
        }
        if (input.IsPrimary)
        {
            var others = await db.CustomerContacts.Where(x => x.CustomerId == input.CustomerId && x.IsPrimary && x.Id != (input.Id ?? 0)).ToListAsync(ct);
            others.ForEach(o => o.IsPrimary = false);
        }
        contact.FirstName = input.FirstName;
        contact.LastName = input.LastName;
        contact.Title = Clean(input.Title);
        contact.OfficePhone = input.OfficePhone;
        contact.MobilePhone = input.MobilePhone;
        contact.Email = input.Email;
        contact.IsPrimary = input.IsPrimary;
        contact.ReceivesStatements = input.ReceivesStatements;
        return contact;
    }

    public static Dictionary<string, string> NormalizeContact(ContactInput input)
    {
        var errors = new Dictionary<string, string>();
        input.FirstName = input.FirstName?.Trim() ?? "";
        input.LastName = input.LastName?.Trim() ?? "";
        if (input.FirstName.Length == 0) errors[nameof(input.FirstName)] = "First name is required.";
        if (input.FirstName.Length > 100) errors[nameof(input.FirstName)] = "Use at most 100 characters.";
        if (input.LastName.Length > 100) errors[nameof(input.LastName)] = "Use at most 100 characters.";
        if (!ContactFormats.TryNormalizePhone(input.OfficePhone, out var office)) errors[nameof(input.OfficePhone)] = ContactFormats.PhoneMessage;
        else input.OfficePhone = office;
        if (!ContactFormats.TryNormalizePhone(input.MobilePhone, out var mobile)) errors[nameof(input.MobilePhone)] = ContactFormats.PhoneMessage;
        else input.MobilePhone = mobile;
        if (!ContactFormats.IsEmail(input.Email)) errors[nameof(input.Email)] = ContactFormats.EmailMessage;
        else input.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (input.ReceivesStatements && input.Email is null && !errors.ContainsKey(nameof(input.Email)))
            errors[nameof(input.Email)] = "A contact who receives statements needs an email address.";
        return errors;
    }

    public async Task<SaveResult> RemoveContactAsync(int customerId, int contactId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditCustomers, ct);
        var contact = await db.CustomerContacts.FirstOrDefaultAsync(x => x.Id == contactId && x.CustomerId == customerId, ct);
        if (contact is null) return SaveResult.Failed("This contact has already been removed.");
        db.CustomerContacts.Remove(contact);
        // A property keeps a primary contact while it has any.
        if (contact.IsPrimary)
        {
            var next = await db.CustomerContacts.Where(x => x.CustomerId == customerId && x.Id != contactId)
                .OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
            if (next is not null) next.IsPrimary = true;
        }
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(contactId);
    }

    /// <summary>The customer's and its contacts' audit history, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var contacts = await db.CustomerContacts.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .Where(x => x.CustomerId == customerId)
            .Select(x => new { x.Id, Name = x.FirstName + " " + x.LastName }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var contactIds = contacts.Keys.ToList();
        var rows = await db.AuditLog.AsNoTracking()
            .Where(a => (a.TableName == "customers" && a.RowId == customerId) ||
                        (a.TableName == "customer_contacts" && contactIds.Contains(a.RowId)))
            .OrderByDescending(a => a.ChangedAt).ThenByDescending(a => a.Id).Take(200).ToListAsync(ct);
        return rows.Select(a => new HistoryEntry(a.ChangedAt, a.ChangedBy,
                a.TableName == "customers" ? "Customer" : $"Contact {contacts.GetValueOrDefault(a.RowId, "")}".Trim(),
                a.Operation, a.Operation == "insert" ? [] : AuditChanges.Parse(a.OldData, a.NewData)))
            .ToList();
    }
}

/// <summary>The record a user was working on has gone (deleted by someone else).</summary>
public sealed class RecordGoneException(string message) : Exception(message);

/// <summary>LIKE patterns with the user's text taken literally.</summary>
public static class Like
{
    public const string EscapeChar = "\\";

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
