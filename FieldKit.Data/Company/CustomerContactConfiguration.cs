using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class CustomerContactConfiguration : IEntityTypeConfiguration<CustomerContact>
{
    public void Configure(EntityTypeBuilder<CustomerContact> b)
    {
        b.ToTable("customer_contacts");
        b.Property(x => x.FirstName).HasMaxLength(100).IsRequired();
        b.Property(x => x.LastName).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.OfficePhone).HasMaxLength(30);
        b.Property(x => x.MobilePhone).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Ignore(x => x.FullName);
        b.Property(x => x.SearchText).HasComputedColumnSql(SearchSql.Contact, stored: true);
        b.HasIndex(x => x.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(x => x.CustomerId);
        b.HasOne(x => x.Customer).WithMany(c => c.Contacts)
            .HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
