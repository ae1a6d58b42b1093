using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.ToTable("jobs");
        b.Property(x => x.Number).HasDefaultValueSql("nextval('job_number_seq')");
        b.Property(x => x.ServiceType).HasMaxLength(100);
        b.Property(x => x.Crew).HasMaxLength(100);
        b.Property(x => x.PoNumber).HasMaxLength(50);
        b.Property(x => x.Price).HasPrecision(12, 2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<JobRecurrence>().WithMany().HasForeignKey(x => x.RecurrenceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Number).IsUnique();
        b.HasIndex(x => new { x.RecurrenceId, x.ScheduledDate });
        b.ToTable(t => t.HasCheckConstraint("ck_jobs_price_not_negative", "price >= 0"));
        b.HasIndex(x => new { x.ScheduledDate, x.Crew });
        b.HasIndex(x => new { x.CustomerId, x.ScheduledDate });
        // Live, non-cancelled jobs per customer by date: the dormancy scan's GROUP BY and "last job" read this
        // index only (in order, no hash, no heap) instead of scanning every job.
        b.HasIndex(x => new { x.CustomerId, x.ScheduledDate }, "ix_jobs_customer_live")
            .HasDatabaseName("ix_jobs_customer_live")
            .HasFilter("deleted_at IS NULL AND status <> 'Cancelled'");
    }
}
