using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class LoginHistoryConfiguration : IEntityTypeConfiguration<LoginHistory>
{
    public void Configure(EntityTypeBuilder<LoginHistory> b)
    {
        b.ToTable("login_history");
        b.Property(x => x.Username).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(64);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.At).HasDefaultValueSql("now()");
        // The rate limiter counts recent failures by username and by address.
        b.HasIndex(x => new { x.Username, x.At });
        b.HasIndex(x => new { x.Address, x.At });
    }
}
