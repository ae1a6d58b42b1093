using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class SalesProspectConfiguration : IEntityTypeConfiguration<SalesProspect>
{
    public void Configure(EntityTypeBuilder<SalesProspect> b)
    {
        b.ToTable("sales_prospects");
        b.Property(x => x.PropertyName).HasMaxLength(200).IsRequired();
        b.Property(x => x.State).HasMaxLength(2);
        b.Property(x => x.Zip).HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.OwnerUsername).HasMaxLength(100);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.ConvertedCustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.DormantFromCustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.OwnerUsername, x.NextFollowUp });
    }
}
