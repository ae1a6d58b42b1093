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
        // The list reads live rows in a sort order then by id: partial indexes in exactly that shape let
        // a deep page walk the index, and the pager's count be an index-only scan.
        const string live = "deleted_at IS NULL";
        b.HasIndex(x => x.Id, "ix_customers_live").HasFilter(live);
        b.HasIndex(x => new { x.PropertyName, x.Id }).HasFilter(live);
        b.HasIndex(x => new { x.City, x.Id }).HasFilter(live);
        b.HasIndex(x => new { x.Zip, x.Id }).HasFilter(live);
        b.HasIndex(x => new { x.Status, x.Id }).HasFilter(live);
    }
}
