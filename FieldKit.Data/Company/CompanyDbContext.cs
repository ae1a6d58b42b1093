using FieldKit.Data.Auditing;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Data.Company;

/// <summary>One model, one database per company. There is no company column: the connection decides.</summary>
public sealed class CompanyDbContext(DbContextOptions<CompanyDbContext> options) : DbContext(options), IActorContext
{
    /// <summary>Company code this context is connected to (set by the factory).</summary>
    public string CompanyCode { get; internal set; } = "";

    public string Actor { get; internal set; } = "";

    public DbSet<ManagementCompany> ManagementCompanies => Set<ManagementCompany>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerContact> CustomerContacts => Set<CustomerContact>();
    public DbSet<CustomerSearchRow> CustomerSearch => Set<CustomerSearchRow>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoicePayment> InvoicePayments => Set<InvoicePayment>();
    public DbSet<JobRecurrence> JobRecurrences => Set<JobRecurrence>();
    public DbSet<ServiceType> ServiceTypes => Set<ServiceType>();
    public DbSet<Crew> Crews => Set<Crew>();
    public DbSet<SalesProspect> SalesProspects => Set<SalesProspect>();
    public DbSet<SalesContact> SalesContacts => Set<SalesContact>();
    public DbSet<SalesVisit> SalesVisits => Set<SalesVisit>();
    public DbSet<VisitTagConfig> VisitTags => Set<VisitTagConfig>();
    public DbSet<ApprovalRequest> ApprovalQueue => Set<ApprovalRequest>();
    public DbSet<DormancyAlertConfig> DormancyAlertConfigs => Set<DormancyAlertConfig>();
    public DbSet<DormancyAlert> DormancyAlerts => Set<DormancyAlert>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<StatementRun> StatementRuns => Set<StatementRun>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasSequence<int>("job_number_seq").StartsAt(10001);
        modelBuilder.HasSequence<int>("invoice_number_seq").StartsAt(500001);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CompanyDbContext).Assembly,
            t => t.Namespace == typeof(CompanyDbContext).Namespace);
        modelBuilder.ApplyConfiguration(new AuditLogEntryConfiguration());
        modelBuilder.ApplyAuditConventions();
    }
}
