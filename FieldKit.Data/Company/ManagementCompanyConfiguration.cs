using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class ManagementCompanyConfiguration : IEntityTypeConfiguration<ManagementCompany>
{
    public void Configure(EntityTypeBuilder<ManagementCompany> b)
    {
        b.ToTable("management_companies");
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.State).HasMaxLength(2);
        b.Property(x => x.Zip).HasMaxLength(10);
        b.HasIndex(x => x.Name);
    }
}
