using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(x => x.Username).HasMaxLength(100).IsRequired();
        b.Property(x => x.DisplayName).HasMaxLength(200).IsRequired();
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.PasswordHash).HasMaxLength(100);
        b.Property(x => x.SecurityStamp).HasMaxLength(64);
        // Usernames are stored lower-case by the services; unique among everyone, deleted or not.
        b.HasIndex(x => x.Username).IsUnique();
    }
}
