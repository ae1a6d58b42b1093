using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class StatementRunConfiguration : IEntityTypeConfiguration<StatementRun>
{
    public void Configure(EntityTypeBuilder<StatementRun> b)
    {
        b.ToTable("statement_runs");
        b.Property(x => x.RunBy).HasMaxLength(100);
        b.Property(x => x.TotalDue).HasPrecision(14, 2);
        b.Property(x => x.Statements).HasColumnType("jsonb");
    }
}
