using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class MailOutboxConfiguration : IEntityTypeConfiguration<MailOutbox>
{
    public void Configure(EntityTypeBuilder<MailOutbox> b)
    {
        b.ToTable("mail_outbox");
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Attachments).HasColumnType("jsonb");
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CompanyCode).HasMaxLength(50);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
    }
}
