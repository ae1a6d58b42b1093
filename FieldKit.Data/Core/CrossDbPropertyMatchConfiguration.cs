using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class CrossDbPropertyMatchConfiguration : IEntityTypeConfiguration<CrossDbPropertyMatch>
{
    public void Configure(EntityTypeBuilder<CrossDbPropertyMatch> b)
    {
        b.ToTable("cross_db_property_matches");
        b.Property(x => x.CompanyA).HasMaxLength(50);
        b.Property(x => x.CompanyB).HasMaxLength(50);
        b.Property(x => x.MatchedOn).HasMaxLength(50);
        b.HasIndex(x => new { x.CompanyA, x.CustomerIdA, x.CompanyB, x.CustomerIdB }).IsUnique();
    }
}
