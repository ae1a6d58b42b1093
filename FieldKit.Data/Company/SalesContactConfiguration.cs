using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class SalesContactConfiguration : IEntityTypeConfiguration<SalesContact>
{
    public void Configure(EntityTypeBuilder<SalesContact> b)
    {
        b.ToTable("sales_contacts");
        b.Property(x => x.FirstName).HasMaxLength(100).IsRequired();
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.OwnerUsername).HasMaxLength(100);
        b.HasOne<SalesProspect>().WithMany().HasForeignKey(x => x.ProspectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
