using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FieldKit.Domain.Entities;

namespace FieldKit.Data.Company;

public sealed class CustomerSearchRowConfiguration : IEntityTypeConfiguration<CustomerSearchRow>
{
    public void Configure(EntityTypeBuilder<CustomerSearchRow> b)
    {
        b.ToTable("customer_search");
        b.HasKey(x => x.CustomerId);
        b.Property(x => x.CustomerId).ValueGeneratedNever();
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerSearchRow>(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.Text).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
