using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class SalesVisitConfiguration : IEntityTypeConfiguration<SalesVisit>
{
    public void Configure(EntityTypeBuilder<SalesVisit> b)
    {
        b.ToTable("sales_visits");
        b.Property(x => x.SalespersonUsername).HasMaxLength(100);
        b.HasOne<SalesProspect>().WithMany().HasForeignKey(x => x.ProspectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ProspectId, x.VisitedAt });
        b.HasIndex(x => new { x.CustomerId, x.VisitedAt });
    }
}
