using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> b)
    {
        b.ToTable("approval_queue");
        b.Property(x => x.RequestType).HasMaxLength(50).IsRequired();
        b.Property(x => x.TargetName).HasMaxLength(200);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactEmail).HasMaxLength(254);
        b.Property(x => x.Summary).HasMaxLength(500);
        b.Property(x => x.RequestDetails).HasColumnType("jsonb");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SubmittedBy).HasMaxLength(100);
        b.Property(x => x.DecidedBy).HasMaxLength(100);
        b.HasIndex(x => new { x.Status, x.SubmittedAt });
        b.HasIndex(x => new { x.RequestType, x.Status });
        b.HasIndex(x => new { x.SubmittedBy, x.Status });
    }
}
