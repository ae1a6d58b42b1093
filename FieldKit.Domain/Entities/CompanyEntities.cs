namespace FieldKit.Domain.Entities;

public sealed class ManagementCompany : AuditableEntity
{
    public string Name { get; set; } = "";
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? Notes { get; set; }
    public List<Customer> Properties { get; set; } = [];
}

public enum CustomerStatus { Active, Inactive }

/// <summary>A customer is a property (apartment community), usually run by a management company.</summary>
public sealed class Customer : AuditableEntity
{
    public string PropertyName { get; set; } = "";
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public int? ManagementCompanyId { get; set; }
    public ManagementCompany? ManagementCompany { get; set; }
    public int? UnitCount { get; set; }
    public string? BillingName { get; set; }
    public string? BillingAddress { get; set; }
    public string? BillingCity { get; set; }
    public string? BillingState { get; set; }
    public string? BillingZip { get; set; }
    /// <summary>Net days: invoice due date = invoice date + terms.</summary>
    public int PaymentTermsDays { get; set; } = 30;
    public string? Notes { get; set; }
    public CustomerStatus Status { get; set; } = CustomerStatus.Active;
    public List<CustomerContact> Contacts { get; set; } = [];

    // Computed by the database (generated columns): search and duplicate matching.
    public string SearchText { get; private set; } = "";
    public string NameKey { get; private set; } = "";
    public string AddressKey { get; private set; } = "";
}

public sealed class CustomerContact : AuditableEntity
{
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Title { get; set; }
    public string? OfficePhone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    public bool IsPrimary { get; set; }
    public bool ReceivesStatements { get; set; }

    /// <summary>Computed by the database: names, email and phone digits, for search.</summary>
    public string SearchText { get; private set; } = "";

    public string FullName => $"{FirstName} {LastName}".Trim();
}

public enum JobStatus { Scheduled, InProgress, Completed, Invoiced, Cancelled }

public sealed class Job : AuditableEntity
{
    /// <summary>Per-company job number from a database sequence.</summary>
    public int Number { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public string? ServiceAddress { get; set; }
    public DateOnly ScheduledDate { get; set; }
    public TimeOnly? WindowStart { get; set; }
    public TimeOnly? WindowEnd { get; set; }
    public string ServiceType { get; set; } = "";
    public string? Crew { get; set; }
    public string? Units { get; set; }
    public string? PoNumber { get; set; }
    public decimal Price { get; set; }
    public string? Notes { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Scheduled;
    public string? CancelReason { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? RecurrenceId { get; set; }
}

public enum InvoiceSource { Native, Imported }

public sealed class Invoice : AuditableEntity
{
    /// <summary>Invoice number as text: imported ServiceFusion numbers are not ours to renumber.</summary>
    public string Number { get; set; } = "";
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public int? JobId { get; set; }
    public Job? Job { get; set; }
    public DateOnly InvoiceDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public decimal Amount { get; set; }
    public decimal TaxAmount { get; set; }
    public decimal AmountPaid { get; set; }
    public decimal Credits { get; set; }
    public decimal Balance { get; set; }
    public string? PoNumber { get; set; }
    public string? ServiceAddress { get; set; }
    public InvoiceSource Source { get; set; } = InvoiceSource.Native;
    public int? ImportBatchId { get; set; }
    public string? ExternalStatus { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public string? VoidReason { get; set; }
    public List<InvoicePayment> Payments { get; set; } = [];
}

public enum RecurrenceKind { EveryNWeeks, MonthlyOnDay }

/// <summary>Repeating work for a customer; keeps scheduled jobs generated ahead (12 weeks).</summary>
public sealed class JobRecurrence : AuditableEntity
{
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public RecurrenceKind Kind { get; set; }
    /// <summary>For EveryNWeeks: 1 = weekly, 2 = every other week…</summary>
    public int IntervalWeeks { get; set; } = 1;
    /// <summary>For MonthlyOnDay: 1–31; a shorter month uses its last day.</summary>
    public int DayOfMonth { get; set; } = 1;
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public TimeOnly? WindowStart { get; set; }
    public TimeOnly? WindowEnd { get; set; }
    public string ServiceType { get; set; } = "";
    public string? Crew { get; set; }
    public string? Units { get; set; }
    public string? PoNumber { get; set; }
    public decimal Price { get; set; }
    public string? Notes { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Jobs exist for every occurrence up to this date.</summary>
    public DateOnly? GeneratedThrough { get; set; }
}

public enum PaymentKind { Payment, Credit }

/// <summary>Money against an invoice: a payment received or a credit given. Balance = amount − payments − credits.</summary>
public sealed class InvoicePayment : AuditableEntity
{
    public int InvoiceId { get; set; }
    public Invoice? Invoice { get; set; }
    public PaymentKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    /// <summary>check, ach, card, cash, other (payments); the reason for credits.</summary>
    public string? Method { get; set; }
    public string? Reference { get; set; }
    public string? Note { get; set; }
}

/// <summary>A company's configurable lists for jobs: service types and crews.</summary>
public sealed class ServiceType : AuditableEntity
{
    public string Name { get; set; } = "";
    public decimal? DefaultPrice { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

public sealed class Crew : AuditableEntity
{
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607D8B";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

public enum ProspectStatus { New, Contacted, Qualified, Proposal, Won, Lost, DormantCustomer }

public sealed class SalesProspect : AuditableEntity
{
    public string PropertyName { get; set; } = "";
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? ManagementCompanyName { get; set; }
    public int? UnitCount { get; set; }
    public string? CurrentVendor { get; set; }
    public ProspectStatus Status { get; set; } = ProspectStatus.New;
    public string OwnerUsername { get; set; } = "";
    public DateOnly? NextFollowUp { get; set; }
    public string? Source { get; set; }
    public int? ConvertedCustomerId { get; set; }
    public int? DormantFromCustomerId { get; set; }
}

public sealed class SalesContact : AuditableEntity
{
    public int? ProspectId { get; set; }
    public int? CustomerId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Title { get; set; }
    public string? OfficePhone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    public string? Notes { get; set; }
    public string OwnerUsername { get; set; } = "";
}

public sealed class SalesVisit : AuditableEntity
{
    public int? ProspectId { get; set; }
    public int? CustomerId { get; set; }
    public DateTimeOffset VisitedAt { get; set; }
    public List<string> Tags { get; set; } = [];
    public string? Notes { get; set; }
    public List<int> ContactIds { get; set; } = [];
    public DateOnly? FollowUpDate { get; set; }
    public string SalespersonUsername { get; set; } = "";
}

public sealed class VisitTagConfig : AuditableEntity
{
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607D8B";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
}

public enum ApprovalStatus { Pending, Approved, Rejected }

/// <summary>A salesperson's requested change, held until a manager decides (table approval_queue).</summary>
public sealed class ApprovalRequest : AuditableEntity
{
    public string RequestType { get; set; } = "";
    public int? TargetId { get; set; }
    public string TargetName { get; set; } = "";
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    /// <summary>What is asked, in one line (ApprovalTypes.Summary): the queue and the noon digest show it.</summary>
    public string Summary { get; set; } = "";
    /// <summary>JSONB: proposed values plus a snapshot of the current values at submission.</summary>
    public string RequestDetails { get; set; } = "{}";
    public string? Note { get; set; }
    public ApprovalStatus Status { get; set; } = ApprovalStatus.Pending;
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

public sealed class DormancyAlertConfig : AuditableEntity
{
    public int Weeks { get; set; }
    public bool IsActive { get; set; } = true;
}

public sealed class DormancyAlert : AuditableEntity
{
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public DateOnly? LastJobDate { get; set; }
    public int ThresholdWeeks { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? Reason { get; set; }
    public string? Notes { get; set; }
    public int? ProspectId { get; set; }
}

public sealed class ImportBatch : AuditableEntity
{
    public string FileName { get; set; } = "";
    public byte[] FileContent { get; set; } = [];
    public string UploadedBy { get; set; } = "";
    public int InsertedCount { get; set; }
    public int UpdatedCount { get; set; }
    public int UnchangedCount { get; set; }
    public int RejectedCount { get; set; }
    /// <summary>JSONB: every row's outcome, and for updates the previous values so the batch can be undone.</summary>
    public string RowOutcomes { get; set; } = "[]";
    public DateTimeOffset? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}

public sealed class StatementRun : AuditableEntity
{
    public DateOnly AsOf { get; set; }
    public string RunBy { get; set; } = "";
    public int StatementCount { get; set; }
    public decimal TotalDue { get; set; }
    public bool Emailed { get; set; }
    /// <summary>JSONB: per statement the customer, totals and where its PDF is kept.</summary>
    public string Statements { get; set; } = "[]";
}

/// <summary>One row per insert, update or soft delete of a business row, written by a trigger.</summary>
public sealed class AuditLogEntry
{
    public long Id { get; set; }
    public string TableName { get; set; } = "";
    public int RowId { get; set; }
    public string Operation { get; set; } = "";
    public string? OldData { get; set; }
    public string? NewData { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
