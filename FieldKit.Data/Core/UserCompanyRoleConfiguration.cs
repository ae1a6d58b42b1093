using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class UserCompanyRoleConfiguration : IEntityTypeConfiguration<UserCompanyRole>
{
    public void Configure(EntityTypeBuilder<UserCompanyRole> b)
    {
        b.ToTable("user_company_roles");
        b.Property(x => x.CompanyCode).HasMaxLength(50).IsRequired();
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        b.HasOne(x => x.User).WithMany(u => u.Roles).HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UserId, x.CompanyCode, x.Role }).IsUnique().HasFilter("deleted_at IS NULL");
        b.HasIndex(x => new { x.CompanyCode, x.Role });
    }
}
