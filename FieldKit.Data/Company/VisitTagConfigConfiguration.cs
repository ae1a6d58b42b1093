using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class VisitTagConfigConfiguration : IEntityTypeConfiguration<VisitTagConfig>
{
    public void Configure(EntityTypeBuilder<VisitTagConfig> b)
    {
        b.ToTable("visit_tags_config");
        b.Property(x => x.Name).HasMaxLength(50).IsRequired();
        b.Property(x => x.Color).HasMaxLength(7);
        b.HasIndex(x => x.Name).IsUnique().HasFilter("deleted_at IS NULL");
    }
}
