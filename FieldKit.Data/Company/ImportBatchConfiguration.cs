using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.ToTable("import_batches");
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.UploadedBy).HasMaxLength(100);
        b.Property(x => x.RowOutcomes).HasColumnType("jsonb");
    }
}
