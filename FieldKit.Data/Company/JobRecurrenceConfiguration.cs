using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class JobRecurrenceConfiguration : IEntityTypeConfiguration<JobRecurrence>
{
    public void Configure(EntityTypeBuilder<JobRecurrence> b)
    {
        b.ToTable("job_recurrences");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ServiceType).HasMaxLength(100);
        b.Property(x => x.Crew).HasMaxLength(100);
        b.Property(x => x.PoNumber).HasMaxLength(50);
        b.Property(x => x.Price).HasPrecision(12, 2);
        b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.IsActive, x.GeneratedThrough });
    }
}
