using FieldKit.Domain.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class ImportColumnMappingConfiguration : IEntityTypeConfiguration<ImportColumnMapping>
{
    public void Configure(EntityTypeBuilder<ImportColumnMapping> b)
    {
        b.ToTable("import_column_mappings");
        b.Property(x => x.HeaderKey).HasMaxLength(200).IsRequired();
        b.Property(x => x.Header).HasMaxLength(200).IsRequired();
        b.Property(x => x.Field).HasConversion<string>().HasMaxLength(40);
        b.HasIndex(x => x.HeaderKey).IsUnique().HasFilter("deleted_at IS NULL");
    }
}
