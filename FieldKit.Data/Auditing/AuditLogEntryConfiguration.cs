using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Auditing;

/// <summary>audit_log exists in every database (core and each company) and is written by triggers only.</summary>
public sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> b)
    {
        b.ToTable("audit_log");
        b.Property(x => x.TableName).HasMaxLength(63);
        b.Property(x => x.Operation).HasMaxLength(20);
        b.Property(x => x.OldData).HasColumnType("jsonb");
        b.Property(x => x.NewData).HasColumnType("jsonb");
        b.Property(x => x.ChangedBy).HasMaxLength(100);
        b.Property(x => x.ChangedAt).HasDefaultValueSql("now()");
        b.HasIndex(x => new { x.TableName, x.RowId, x.ChangedAt });
    }
}
