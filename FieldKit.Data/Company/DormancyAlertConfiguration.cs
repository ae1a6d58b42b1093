using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class DormancyAlertConfiguration : IEntityTypeConfiguration<DormancyAlert>
{
    public void Configure(EntityTypeBuilder<DormancyAlert> b)
    {
        b.ToTable("dormancy_alerts");
        b.Property(x => x.Reason).HasMaxLength(50);
        b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SalesProspect>().WithMany().HasForeignKey(x => x.ProspectId).OnDelete(DeleteBehavior.Restrict);
        // At most one open alert per customer.
        b.HasIndex(x => x.CustomerId).IsUnique().HasFilter("resolved_at IS NULL AND deleted_at IS NULL");
    }
}
