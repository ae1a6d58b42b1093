using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class ServiceTypeConfiguration : IEntityTypeConfiguration<ServiceType>
{
    public void Configure(EntityTypeBuilder<ServiceType> b)
    {
        b.ToTable("service_types");
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.DefaultPrice).HasPrecision(12, 2);
        b.HasIndex(x => x.Name).IsUnique().HasFilter("deleted_at IS NULL");
    }
}
