using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.Property(x => x.PropertyName).HasMaxLength(200).IsRequired();
        b.Property(x => x.State).HasMaxLength(2);
        b.Property(x => x.Zip).HasMaxLength(10);
        b.Property(x => x.BillingState).HasMaxLength(2);
        b.Property(x => x.BillingZip).HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne(x => x.ManagementCompany).WithMany(m => m.Properties)
            .HasForeignKey(x => x.ManagementCompanyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.SearchText).HasComputedColumnSql(SearchSql.Customer, stored: true);
        b.Property(x => x.NameKey).HasComputedColumnSql(MatchKeys.NameSql("property_name"), stored: true);
        b.Property(x => x.AddressKey).HasComputedColumnSql(MatchKeys.AddressSql("address"), stored: true);
        // Partial, case-insensitive search (LIKE '%term%') runs on trigram indexes.
        b.HasIndex(x => x.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(x => x.NameKey);
        b.HasIndex(x => x.AddressKey);
        b.HasIndex(x => x.PropertyName);
        b.HasIndex(x => x.City);
        b.HasIndex(x => x.Status);
    }
}
