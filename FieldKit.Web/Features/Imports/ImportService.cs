using System.Text.Json;
using System.Text.Json.Serialization;
using FieldKit.Data;
using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Imports;
using FieldKit.Domain.Invoices;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FieldKit.Web.Features.Imports;

/// <summary>
/// ServiceFusion invoice import for the route's company (ImportInvoices, checked on the server). The same plan is
/// computed for the preview and again, under an advisory lock inside each company's transaction, for the commit:
/// what is written is what the database says at commit time, never a stale preview. Rows of a Kleanit Charlotte upload
/// marked *FL* go to Kleanit South Florida, in that database's own transaction.
/// </summary>
public sealed class ImportService(CompanyDb companyDb, CompanyCatalogue catalogue)
{
    private const long ImportLockKey = 0x46_4B_49_4D; // "FKIM": one import at a time per company database

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Company => companyDb.Company;

    public async Task<bool> CanImportAsync(CancellationToken ct = default) =>
        (await companyDb.AccessAsync(ct)).Has(companyDb.Company, Permission.ImportInvoices);

    // ------------------------------------------------------------------ preview

    /// <summary>Reads the file and says what a commit would do. Writes nothing. Throws <see cref="ImportFileException"/> for an unreadable file.</summary>
    public async Task<ImportPreview> PreviewAsync(string fileName, byte[] content, IReadOnlyList<NameDecision>? decisions = null, CancellationToken ct = default)
    {
        var parsed = await ParseAsync(fileName, content, ct);
        if (parsed.Preview is not null) return parsed.Preview;
        var access = await companyDb.AccessAsync(ct);
        var plans = new List<CompanyPlan>();
        foreach (var company in parsed.Companies)
        {
            if (!access.Has(company, Permission.ImportInvoices)) { plans.Add(CompanyPlan.NotAllowed(company, parsed.RowsFor(company), catalogue)); continue; }
            await using var db = await companyDb.CreateAsync(company, Permission.ImportInvoices, ct);
            plans.Add(await PlanAsync(db, company, parsed.RowsFor(company), decisions ?? [], ct));
        }
        return parsed.ToPreview(plans, catalogue);
    }

    // ------------------------------------------------------------------ commit

    public async Task<ImportCommitResult> CommitAsync(string fileName, byte[] content, IReadOnlyList<NameDecision> decisions, CancellationToken ct = default)
    {
        ParsedFile parsed;
        try { parsed = await ParseAsync(fileName, content, ct); }
        catch (ImportFileException e) { return ImportCommitResult.Failed(e.Message); }
        if (parsed.Preview is not null) return ImportCommitResult.Failed("Map the missing columns first.");
        var access = await companyDb.AccessAsync(ct);

        // Each company: its own context and transaction, planned under the lock; committed one after the other once all are planned.
        var open = new List<(CompanyDbContext Db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Tx, CompanyPlan Plan)>();
        try
        {
            foreach (var company in parsed.Companies)
            {
                if (!access.Has(company, Permission.ImportInvoices)) continue;
                var db = await companyDb.CreateAsync(company, Permission.ImportInvoices, ct);
                var tx = await db.Database.BeginTransactionAsync(ct);
                open.Add((db, tx, null!));
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLockKey})", ct);
                var plan = await PlanAsync(db, company, parsed.RowsFor(company), decisions, ct);
                if (company == parsed.UploadCompany) plan.Rejected.AddRange(parsed.Rejected);
                if (plan.Unmatched.Count > 0)
                    return ImportCommitResult.Failed($"{plan.Unmatched.Count} customer name(s) in {catalogue.Get(company).Name} still need a customer: pick one or create it.");
                open[^1] = (db, tx, plan);
            }
            if (open.Count == 0) return ImportCommitResult.Failed("You cannot import invoices into these companies.");
            if (open.All(o => o.Plan.Rows.All(r => r.Action == RowAction.Rejected)))
                return ImportCommitResult.Failed("Every row was rejected; nothing to import.");

            var batches = new List<(string, int)>();
            foreach (var (db, _, plan) in open)
                batches.Add((plan.Company, await WriteAsync(db, plan, fileName, content, access.Username, ct)));
            foreach (var (_, tx, _) in open) await tx.CommitAsync(ct);
            var inserted = open.Sum(o => o.Plan.Rows.Count(r => r.Action == RowAction.Insert));
            var updated = open.Sum(o => o.Plan.Rows.Count(r => r.Action == RowAction.Update));
            return new ImportCommitResult(true, $"Imported: {inserted} new, {updated} updated.", batches);
        }
        catch (Exception e) when (e is DbUpdateException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return ImportCommitResult.Failed("Another change to these invoices arrived while importing; nothing was written. Preview again.");
        }
        finally
        {
            foreach (var (db, tx, _) in open)
            {
                await tx.DisposeAsync();
                await db.DisposeAsync();
            }
        }
    }

    private static async Task<int> WriteAsync(CompanyDbContext db, CompanyPlan plan, string fileName, byte[] content, string user, CancellationToken ct)
    {
        var batch = new ImportBatch
        {
            FileName = Path.GetFileName(fileName), FileContent = content, UploadedBy = user,
            InsertedCount = plan.Work.Count(r => r.Action == RowAction.Insert),
            UpdatedCount = plan.Work.Count(r => r.Action == RowAction.Update),
            UnchangedCount = plan.Work.Count(r => r.Action == RowAction.Unchanged),
            RejectedCount = plan.Rejected.Count,
        };
        db.ImportBatches.Add(batch);

        // New customers the user asked for, one per name.
        var created = new Dictionary<string, Customer>();
        foreach (var work in plan.Work.Where(w => w.Action == RowAction.Insert && w.CreateCustomer))
        {
            var key = MatchKeys.Name(work.Row.CustomerName);
            if (created.ContainsKey(key)) continue;
            var r = work.Row;
            var customer = new Customer
            {
                PropertyName = r.CustomerName, Address = r.Address, City = r.City, State = r.State, Zip = r.Zip,
                Email = r.Email?.Length <= 200 ? r.Email : null, Phone = r.Phone?.Length <= 50 ? r.Phone : null,
            };
            created[key] = customer;
            db.Customers.Add(customer);
        }
        await db.SaveChangesAsync(ct);

        // Set-based from here: the new and changed invoices are copied (COPY, binary) into temporary tables, then one
        // INSERT … SELECT and one UPDATE … FROM write them, in this transaction. Row triggers (audit, notify) still see
        // every row. Who and when are the batch's own (stamped by the interceptor above).
        var at = batch.CreatedAt;
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        var outcomes = new List<RowOutcome>(plan.Work.Count + plan.Rejected.Count);

        var inserts = plan.Work.Where(w => w.Action == RowAction.Insert).ToList();
        if (inserts.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                CREATE TEMP TABLE import_new (row_number int, number text, customer_id int, invoice_date date, due_date date,
                    amount numeric, tax numeric, paid numeric, balance numeric, po text, address text, status text) ON COMMIT DROP
                """, ct);
            await using (var copy = await conn.BeginBinaryImportAsync(
                             "COPY import_new (row_number, number, customer_id, invoice_date, due_date, amount, tax, paid, balance, po, address, status) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var work in inserts)
                {
                    var r = work.Row;
                    var customerId = work.CreateCustomer ? created[MatchKeys.Name(r.CustomerName)].Id : work.CustomerId!.Value;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(r.RowNumber, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(r.InvoiceNumber, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(customerId, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(r.InvoiceDate, NpgsqlDbType.Date, ct);
                    await copy.WriteNullableAsync((DateOnly?)(r.DueDate ?? InvoiceMath.DueDate(r.InvoiceDate, work.TermsDays)), NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(r.Amount, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Tax, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Paid, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Balance, NpgsqlDbType.Numeric, ct);
                    await copy.WriteNullableAsync(r.PoNumber, NpgsqlDbType.Text, ct);
                    await copy.WriteNullableAsync(r.FullAddress.Length > 0 ? r.FullAddress : null, NpgsqlDbType.Text, ct);
                    await copy.WriteNullableAsync(r.Status, NpgsqlDbType.Text, ct);
                }
                await copy.CompleteAsync(ct);
            }
            var ids = new Dictionary<string, int>(inserts.Count, StringComparer.Ordinal);
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO invoices (number, customer_id, invoice_date, due_date, amount, tax_amount, amount_paid, credits, balance, po_number,
                    service_address, source, import_batch_id, external_status, created_at, created_by, updated_at, updated_by)
                SELECT number, customer_id, invoice_date, due_date, amount, tax, paid, 0, balance, po, address, 'Imported', $1, status, $2, $3, $2, $3
                  FROM import_new ORDER BY row_number
                RETURNING id, number
                """, conn, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.Id });
                insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
                await using var reader = await insert.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) ids[reader.GetString(1)] = reader.GetInt32(0);
            }
            outcomes.AddRange(inserts.Select(w => new RowOutcome
            {
                Row = w.Row.RowNumber, Number = w.Row.InvoiceNumber, Action = RowAction.Insert, InvoiceId = ids[w.Row.InvoiceNumber],
                CustomerId = w.CreateCustomer ? created[MatchKeys.Name(w.Row.CustomerName)].Id : w.CustomerId, CustomerCreated = w.CreateCustomer,
            }));
        }

        var updates = plan.Work.Where(w => w.Action == RowAction.Update).ToList();
        if (updates.Count > 0)
        {
            await ExecuteAsync(conn, tx, """
                CREATE TEMP TABLE import_changed (id int, version xid, amount numeric, tax numeric, paid numeric, balance numeric, status text,
                    invoice_date date, due_date date, po text) ON COMMIT DROP
                """, ct);
            await using (var copy = await conn.BeginBinaryImportAsync(
                             "COPY import_changed (id, version, amount, tax, paid, balance, status, invoice_date, due_date, po) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var work in updates)
                {
                    // What an update sets: the file's amounts; paid net of FieldKit credits; due date and PO only when the file has them.
                    var (invoice, r) = (work.Existing!, work.Row);
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(invoice.Id, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(invoice.Version, NpgsqlDbType.Xid, ct);
                    await copy.WriteAsync(r.Amount, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Tax, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Paid - invoice.Credits, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(r.Balance, NpgsqlDbType.Numeric, ct);
                    await copy.WriteNullableAsync(r.Status, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(r.InvoiceDate, NpgsqlDbType.Date, ct);
                    await copy.WriteNullableAsync(r.DueDate ?? invoice.DueDate, NpgsqlDbType.Date, ct);
                    await copy.WriteNullableAsync(r.PoNumber ?? invoice.PoNumber, NpgsqlDbType.Text, ct);
                    outcomes.Add(new RowOutcome
                    {
                        Row = r.RowNumber, Number = r.InvoiceNumber, Action = RowAction.Update, InvoiceId = invoice.Id, CustomerId = invoice.CustomerId,
                        Previous = Snapshot(invoice),
                    });
                }
                await copy.CompleteAsync(ct);
            }
            // Only rows still as planned (xmin unchanged): anything else changed them since, and the whole import is refused.
            await using var update = new NpgsqlCommand("""
                UPDATE invoices i
                   SET amount = u.amount, tax_amount = u.tax, amount_paid = u.paid, balance = u.balance, external_status = u.status,
                       invoice_date = u.invoice_date, due_date = u.due_date, po_number = u.po, updated_by = $1
                  FROM import_changed u
                 WHERE i.id = u.id AND i.xmin = u.version AND i.deleted_at IS NULL
                """, conn, tx);
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
            var changed = await update.ExecuteNonQueryAsync(ct);
            if (changed != updates.Count)
                throw new DbUpdateConcurrencyException($"{updates.Count - changed} invoice(s) changed while importing.");
        }

        outcomes.AddRange(plan.Work.Where(w => w.Action == RowAction.Unchanged).Select(w => new RowOutcome
        {
            Row = w.Row.RowNumber, Number = w.Row.InvoiceNumber, Action = RowAction.Unchanged, InvoiceId = w.Existing!.Id, CustomerId = w.Existing.CustomerId,
        }));
        outcomes.AddRange(plan.Rejected.Select(x => new RowOutcome { Row = x.RowNumber, Number = x.InvoiceNumber, Action = RowAction.Rejected, Reason = x.Reason }));
        batch.RowOutcomes = JsonSerializer.Serialize(outcomes.OrderBy(o => o.Row), Json);
        await db.SaveChangesAsync(ct);
        return batch.Id;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn, tx);
        await command.ExecuteNonQueryAsync(ct);
    }



    private static PreviousValues Snapshot(Invoice i) =>
        new(i.Amount, i.TaxAmount, i.AmountPaid, i.Credits, i.Balance, i.ExternalStatus, i.InvoiceDate, i.DueDate, i.PoNumber, i.ServiceAddress);

    /// <summary>The differences an import row would make to an imported invoice ("" when none).</summary>
    private static string Differences(Invoice i, ImportedInvoiceRow r)
    {
        var changes = new List<string>();
        void Check<T>(string what, T before, T after)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after)) changes.Add($"{what} {before} → {after}");
        }
        Check("amount", i.Amount, r.Amount);
        Check("tax", i.TaxAmount, r.Tax);
        Check("balance", i.Balance, r.Balance);
        Check("paid", i.AmountPaid + i.Credits, r.Paid);
        Check("status", i.ExternalStatus, r.Status);
        Check("date", i.InvoiceDate, r.InvoiceDate);
        if (r.DueDate is not null) Check("due", i.DueDate, r.DueDate);
        if (r.PoNumber is not null) Check("PO", i.PoNumber, r.PoNumber);
        return string.Join("; ", changes);
    }

    // ------------------------------------------------------------------ planning

    private sealed record PlannedRow(ImportedInvoiceRow Row, RowAction Action, Invoice? Existing, int? CustomerId, bool CreateCustomer, int TermsDays,
        string? MatchedBy, string? Changes);

    private sealed record CompanyPlan(string Company, List<PlannedRow> Work, List<RejectedRow> Rejected, List<UnmatchedName> Unmatched)
    {
        public IEnumerable<PreviewRow> Rows =>
            Work.Select(w => new PreviewRow(w.Row.RowNumber, Company, w.Row.InvoiceNumber, w.Row.CustomerName, w.Action, null,
                    w.Existing?.CustomerId ?? w.CustomerId, w.MatchedBy, w.Row.Amount, w.Row.Balance, w.Changes))
                .Concat(Rejected.Select(x => new PreviewRow(x.RowNumber, Company, x.InvoiceNumber ?? "", x.CustomerName ?? "", RowAction.Rejected, x.Reason,
                    null, null, 0, 0, null)));

        public static CompanyPlan NotAllowed(string company, IEnumerable<ImportedInvoiceRow> rows, CompanyCatalogue catalogue) =>
            new(company, [], rows.Select(r => new RejectedRow(r.RowNumber, r.InvoiceNumber, r.CustomerName,
                $"Belongs to {catalogue.Get(company).Name} (*FL*), where you cannot import invoices.")).ToList(), []);
    }

    private static async Task<CompanyPlan> PlanAsync(CompanyDbContext db, string company, IReadOnlyList<ImportedInvoiceRow> rows,
        IReadOnlyList<NameDecision> decisions, CancellationToken ct)
    {
        var work = new List<PlannedRow>();
        var rejected = new List<RejectedRow>();
        var numbers = rows.Select(r => r.InvoiceNumber).Distinct().ToList();
        // Tracked: an update changes these very entities in the commit.
        var existing = (await db.Invoices.Where(i => numbers.Contains(i.Number)).ToListAsync(ct))
            .ToDictionary(i => i.Number, StringComparer.Ordinal);

        var newRows = rows.Where(r => !existing.ContainsKey(r.InvoiceNumber)).ToList();
        var nameKeys = newRows.Select(r => MatchKeys.Name(r.CustomerName)).Distinct().ToList();
        var addressKeys = newRows.Where(r => !string.IsNullOrWhiteSpace(r.Address)).Select(r => MatchKeys.Address(r.Address)).Distinct().ToList();
        var decidedIds = decisions.Where(d => d.Company == company && d.CustomerId is not null).Select(d => d.CustomerId!.Value).Distinct().ToList();
        var candidates = await db.Customers.AsNoTracking()
            .Where(c => nameKeys.Contains(c.NameKey) || addressKeys.Contains(c.AddressKey) || decidedIds.Contains(c.Id))
            .Select(c => new { c.Id, c.PropertyName, c.NameKey, c.AddressKey, c.Address, c.City, c.PaymentTermsDays })
            .ToListAsync(ct);
        var byName = candidates.ToLookup(c => c.NameKey);
        var byAddress = candidates.Where(c => c.AddressKey.Length > 0).ToLookup(c => c.AddressKey);
        var byId = candidates.ToDictionary(c => c.Id);
        var decisionByKey = decisions.Where(d => d.Company == company).GroupBy(d => d.NameKey).ToDictionary(g => g.Key, g => g.Last());

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmatched = new Dictionary<string, List<ImportedInvoiceRow>>();
        foreach (var r in rows)
        {
            if (seen.TryGetValue(r.InvoiceNumber, out var firstRow))
            {
                rejected.Add(new RejectedRow(r.RowNumber, r.InvoiceNumber, r.CustomerName, $"Invoice {r.InvoiceNumber} is already on row {firstRow} of this file."));
                continue;
            }
            seen[r.InvoiceNumber] = r.RowNumber;
            if (existing.TryGetValue(r.InvoiceNumber, out var invoice))
            {
                if (invoice.Source == InvoiceSource.Native)
                {
                    rejected.Add(new RejectedRow(r.RowNumber, r.InvoiceNumber, r.CustomerName, $"Invoice {r.InvoiceNumber} is a FieldKit invoice; an import never changes it."));
                    continue;
                }
                if (invoice.VoidedAt is not null)
                {
                    rejected.Add(new RejectedRow(r.RowNumber, r.InvoiceNumber, r.CustomerName, $"Invoice {r.InvoiceNumber} was voided in FieldKit."));
                    continue;
                }
                var diff = Differences(invoice, r);
                work.Add(new PlannedRow(r, diff.Length == 0 ? RowAction.Unchanged : RowAction.Update, invoice, invoice.CustomerId, false, 0, "invoice #", diff.Length == 0 ? null : diff));
                continue;
            }

            var key = MatchKeys.Name(r.CustomerName);
            if (decisionByKey.TryGetValue(key, out var decision))
            {
                if (decision.Skip) { rejected.Add(new RejectedRow(r.RowNumber, r.InvoiceNumber, r.CustomerName, "Skipped: you chose not to import this customer's invoices.")); continue; }
                if (decision.Create) { work.Add(new PlannedRow(r, RowAction.Insert, null, null, true, 30, "new customer", null)); continue; }
                if (decision.CustomerId is { } chosen && byId.TryGetValue(chosen, out var picked))
                {
                    work.Add(new PlannedRow(r, RowAction.Insert, null, picked.Id, false, picked.PaymentTermsDays, "your choice", null));
                    continue;
                }
            }
            var nameMatches = byName[key].ToList();
            if (nameMatches.Count == 1)
            {
                work.Add(new PlannedRow(r, RowAction.Insert, null, nameMatches[0].Id, false, nameMatches[0].PaymentTermsDays, "name", null));
                continue;
            }
            var addressMatches = nameMatches.Count == 0 && !string.IsNullOrWhiteSpace(r.Address) ? byAddress[MatchKeys.Address(r.Address)].ToList() : [];
            if (addressMatches.Count == 1)
            {
                work.Add(new PlannedRow(r, RowAction.Insert, null, addressMatches[0].Id, false, addressMatches[0].PaymentTermsDays, "address", null));
                continue;
            }
            if (!unmatched.TryGetValue(key, out var list)) unmatched[key] = list = [];
            list.Add(r);
        }

        // Names still without a customer: the user decides; nothing is created silently.
        var unmatchedNames = new List<UnmatchedName>();
        foreach (var (key, list) in unmatched)
        {
            var first = list[0];
            var suggestions = byName[key].Concat(string.IsNullOrWhiteSpace(first.Address) ? [] : byAddress[MatchKeys.Address(first.Address)])
                .DistinctBy(c => c.Id).Select(c => new CustomerChoice(c.Id, c.PropertyName, string.Join(", ", new[] { c.Address, c.City }.Where(s => !string.IsNullOrEmpty(s)))))
                .ToList();
            unmatchedNames.Add(new UnmatchedName(company, first.CustomerName, key, first.FullAddress, list.Count, list.Sum(x => x.Balance), suggestions));
        }
        return new CompanyPlan(company, work, rejected, unmatchedNames.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }

    // ------------------------------------------------------------------ reading the file

    private sealed record ParsedFile(string FileName, int HeaderRow, IReadOnlyList<string> Columns, IReadOnlyList<string> Ignored,
        List<ImportedInvoiceRow> Rows, List<RejectedRow> Rejected, string UploadCompany, ImportPreview? Preview)
    {
        public IEnumerable<string> Companies => Rows.Select(r => r.Company).Prepend(UploadCompany).Distinct();

        public IReadOnlyList<ImportedInvoiceRow> RowsFor(string company) => Rows.Where(r => r.Company == company).ToList();

        public ImportPreview ToPreview(List<CompanyPlan> plans, CompanyCatalogue catalogue)
        {
            var rows = plans.SelectMany(p => p.Rows)
                .Concat(Rejected.Select(x => new PreviewRow(x.RowNumber, UploadCompany, x.InvoiceNumber ?? "", x.CustomerName ?? "", RowAction.Rejected, x.Reason, null, null, 0, 0, null)))
                .OrderBy(r => r.RowNumber).ToList();
            var companies = plans.Select(p =>
            {
                var mine = p.Rows.ToList();
                var ok = mine.Where(r => r.Action != RowAction.Rejected).ToList();
                var fileRejects = p.Company == UploadCompany ? Rejected.Count : 0;
                return new CompanyPreview(p.Company, catalogue.Get(p.Company).Name, mine.Count(r => r.Action == RowAction.Insert),
                    mine.Count(r => r.Action == RowAction.Update), mine.Count(r => r.Action == RowAction.Unchanged),
                    mine.Count(r => r.Action == RowAction.Rejected) + fileRejects, ok.Sum(r => r.Amount), ok.Sum(r => r.Balance));
            }).ToList();
            return new ImportPreview
            {
                FileName = FileName, HeaderRow = HeaderRow, Columns = Columns, IgnoredHeaders = Ignored, Rows = rows,
                Unmatched = plans.SelectMany(p => p.Unmatched).ToList(), Companies = companies,
            };
        }
    }

    private async Task<ParsedFile> ParseAsync(string fileName, byte[] content, CancellationToken ct)
    {
        var company = companyDb.Company;
        var sheet = SheetReader.Read(fileName, content);
        Dictionary<string, ImportField> remembered;
        await using (var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct))
            remembered = await db.Set<ImportColumnMapping>().AsNoTracking().ToDictionaryAsync(m => m.HeaderKey, m => m.Field, ct);
        var header = HeaderDetector.Find(sheet, remembered)
            ?? throw new ImportFileException("No recognisable header: FieldKit looks for the ServiceFusion invoice columns (Invoice#, Customer Name, " +
                                             "Invoice Date, Invoice Total, Invoice Total Due) in the first rows of the first sheet.");
        var columns = header.Columns.OrderBy(c => c.Key).Select(c => $"{sheet[header.RowIndex][c.Key].Trim()} → {ImportFields.Label(c.Value)}").ToList();
        var ignored = header.Unknown.Select(u => u.Header).ToList();
        if (!header.IsComplete)
        {
            var preview = new ImportPreview
            {
                FileName = fileName, HeaderRow = header.RowIndex + 1, Columns = columns, IgnoredHeaders = ignored,
                Mapping = new MappingNeeded(ignored, header.MissingRequired),
            };
            return new ParsedFile(fileName, header.RowIndex + 1, columns, ignored, [], [], company, preview);
        }
        var rows = new List<ImportedInvoiceRow>();
        var rejected = new List<RejectedRow>();
        for (var i = header.RowIndex + 1; i < sheet.Count; i++)
        {
            var row = InvoiceRowParser.Parse(sheet[i], i + 1, header.Columns, company, out var problem);
            if (row is not null) rows.Add(row);
            else if (problem is not null) rejected.Add(problem);
        }
        if (rows.Count == 0 && rejected.Count == 0) throw new ImportFileException("The file has a header but no invoice rows under it.");
        return new ParsedFile(fileName, header.RowIndex + 1, columns, ignored, rows, rejected, company, null);
    }

    // ------------------------------------------------------------------ choosing a customer for an unmatched name

    /// <summary>
    /// Live customers of <paramref name="company"/> (the upload's company or the one its *FL* rows go to) whose name or
    /// address contains <paramref name="text"/>: any customer can be picked for a name that matched nothing, not only the
    /// suggestions. Needs ImportInvoices in that company, checked here.
    /// </summary>
    public async Task<IReadOnlyList<CustomerChoice>> FindCustomersAsync(string company, string? text, CancellationToken ct = default)
    {
        var term = text?.Trim() ?? "";
        if (term.Length < 2) return [];
        await using var db = await companyDb.CreateAsync(company, Permission.ImportInvoices, ct);
        var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var found = await db.Customers.AsNoTracking()
            .Where(c => EF.Functions.ILike(c.PropertyName, pattern) || (c.Address != null && EF.Functions.ILike(c.Address, pattern)))
            .OrderBy(c => c.PropertyName).ThenBy(c => c.Id).Take(20)
            .Select(c => new { c.Id, c.PropertyName, c.Address, c.City })
            .ToListAsync(ct);
        return found.Select(c => new CustomerChoice(c.Id, c.PropertyName, string.Join(", ", new[] { c.Address, c.City }.Where(s => !string.IsNullOrEmpty(s))))).ToList();
    }

    // ------------------------------------------------------------------ mappings, batches, undo

    /// <summary>Remembers (for this company) what an unknown header means; the next upload reads it that way.</summary>
    public async Task SaveMappingAsync(string header, ImportField field, CancellationToken ct = default)
    {
        var key = ImportFields.Key(header);
        if (key.Length == 0) return;
        await using var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct);
        var existing = await db.Set<ImportColumnMapping>().FirstOrDefaultAsync(m => m.HeaderKey == key, ct);
        if (existing is null) db.Add(new ImportColumnMapping { HeaderKey = key, Header = header.Trim(), Field = field });
        else existing.Field = field;
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<ImportColumnMapping>> MappingsAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct);
        return await db.Set<ImportColumnMapping>().AsNoTracking().OrderBy(m => m.Header).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<BatchRow>> BatchesAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct);
        return await db.ImportBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(take)
            .Select(b => new BatchRow(b.Id, b.FileName, b.UploadedBy, b.CreatedAt, b.InsertedCount, b.UpdatedCount, b.UnchangedCount,
                b.RejectedCount, b.UndoneAt, b.UndoneBy))
            .ToListAsync(ct);
    }

    public async Task<(string FileName, byte[] Content)?> BatchFileAsync(int batchId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct);
        var b = await db.ImportBatches.AsNoTracking().Where(x => x.Id == batchId).Select(x => new { x.FileName, x.FileContent }).FirstOrDefaultAsync(ct);
        return b is null ? null : (b.FileName, b.FileContent);
    }

    public static IReadOnlyList<RowOutcome> Outcomes(string json) =>
        JsonSerializer.Deserialize<List<RowOutcome>>(json, Json) ?? [];

    /// <summary>
    /// Undoes a batch in one transaction: its new invoices soft-deleted (and customers it created, when nothing else uses
    /// them), its updates put back. Refused when a later import changed the same invoices (undo that first) or when
    /// payments were recorded in FieldKit against an invoice it created.
    /// </summary>
    public async Task<(bool Succeeded, string Message)> UndoAsync(int batchId, CancellationToken ct = default)
    {
        var access = await companyDb.AccessAsync(ct);
        await using var db = await companyDb.CreateAsync(Permission.ImportInvoices, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLockKey})", ct);
        var batch = await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return (false, "This import no longer exists.");
        if (batch.UndoneAt is not null) return (false, $"This import was already undone by {batch.UndoneBy}.");
        var outcomes = Outcomes(batch.RowOutcomes).Where(o => o.Action is RowAction.Insert or RowAction.Update && o.InvoiceId is not null).ToList();
        var ids = outcomes.Select(o => o.InvoiceId!.Value).ToHashSet();

        var later = await db.ImportBatches.AsNoTracking().Where(b => b.Id > batchId && b.UndoneAt == null)
            .Select(b => new { b.Id, b.RowOutcomes }).ToListAsync(ct);
        foreach (var l in later)
            if (Outcomes(l.RowOutcomes).Any(o => o.Action is RowAction.Insert or RowAction.Update && o.InvoiceId is { } id && ids.Contains(id)))
                return (false, $"Import #{l.Id} changed some of the same invoices later: undo it first.");

        var insertedIds = outcomes.Where(o => o.Action == RowAction.Insert).Select(o => o.InvoiceId!.Value).ToList();
        var paid = await db.InvoicePayments.Where(p => insertedIds.Contains(p.InvoiceId)).Select(p => p.InvoiceId).Distinct().OrderBy(id => id).Take(5).ToListAsync(ct);
        if (paid.Count > 0)
        {
            var numbers = await db.Invoices.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).Where(i => paid.Contains(i.Id)).OrderBy(i => i.Id).Select(i => i.Number).ToListAsync(ct);
            return (false, $"Payments were recorded in FieldKit against invoice(s) {string.Join(", ", numbers)} from this import; remove them first.");
        }

        // Set-based, as the commit: one UPDATE soft-deletes the new invoices, one UPDATE … FROM a COPY-filled table puts
        // the updated ones back (live invoices only, as before).
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();
        if (insertedIds.Count > 0)
        {
            await using var delete = new NpgsqlCommand("""
                UPDATE invoices SET deleted_at = now(), deleted_by = $1, updated_by = $1 WHERE id = ANY($2) AND deleted_at IS NULL
                """, conn, npgsqlTx);
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = access.Username });
            delete.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = insertedIds.ToArray() });
            await delete.ExecuteNonQueryAsync(ct);
        }
        var restores = outcomes.Where(o => o.Action == RowAction.Update && o.Previous is not null).ToList();
        if (restores.Count > 0)
        {
            await ExecuteAsync(conn, npgsqlTx, """
                CREATE TEMP TABLE import_restore (id int, amount numeric, tax numeric, paid numeric, credits numeric, balance numeric, status text,
                    invoice_date date, due_date date, po text, address text) ON COMMIT DROP
                """, ct);
            await using (var copy = await conn.BeginBinaryImportAsync(
                             "COPY import_restore (id, amount, tax, paid, credits, balance, status, invoice_date, due_date, po, address) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var o in restores)
                {
                    var p = o.Previous!;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(o.InvoiceId!.Value, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(p.Amount, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(p.TaxAmount, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(p.AmountPaid, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(p.Credits, NpgsqlDbType.Numeric, ct);
                    await copy.WriteAsync(p.Balance, NpgsqlDbType.Numeric, ct);
                    await copy.WriteNullableAsync(p.ExternalStatus, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(p.InvoiceDate, NpgsqlDbType.Date, ct);
                    await copy.WriteNullableAsync(p.DueDate, NpgsqlDbType.Date, ct);
                    await copy.WriteNullableAsync(p.PoNumber, NpgsqlDbType.Text, ct);
                    await copy.WriteNullableAsync(p.ServiceAddress, NpgsqlDbType.Text, ct);
                }
                await copy.CompleteAsync(ct);
            }
            await using var restore = new NpgsqlCommand("""
                UPDATE invoices i
                   SET amount = r.amount, tax_amount = r.tax, amount_paid = r.paid, credits = r.credits, balance = r.balance, external_status = r.status,
                       invoice_date = r.invoice_date, due_date = r.due_date, po_number = r.po, service_address = r.address, updated_by = $1
                  FROM import_restore r
                 WHERE i.id = r.id AND i.deleted_at IS NULL
                """, conn, npgsqlTx);
            restore.Parameters.Add(new NpgsqlParameter<string> { TypedValue = access.Username });
            await restore.ExecuteNonQueryAsync(ct);
        }
        var createdCustomers = outcomes.Where(o => o.CustomerCreated && o.CustomerId is not null).Select(o => o.CustomerId!.Value).Distinct().ToList();
        if (createdCustomers.Count > 0)
        {
            var inUse = await db.Invoices.Where(i => createdCustomers.Contains(i.CustomerId)).Select(i => i.CustomerId)
                .Union(db.Jobs.Where(j => createdCustomers.Contains(j.CustomerId)).Select(j => j.CustomerId)).ToListAsync(ct);
            var unused = createdCustomers.Except(inUse).ToList();
            var customers = await db.Customers.Where(c => unused.Contains(c.Id)).ToListAsync(ct);
            db.Customers.RemoveRange(customers);
        }
        batch.UndoneAt = DateTimeOffset.UtcNow;
        batch.UndoneBy = access.Username;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (true, $"Import #{batchId} undone: {outcomes.Count(o => o.Action == RowAction.Insert)} invoice(s) removed, {outcomes.Count(o => o.Action == RowAction.Update)} put back.");
    }
}
