using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Core;

public sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.Property(x => x.Job).HasMaxLength(50);
        b.Property(x => x.Scope).HasMaxLength(150);
        b.Property(x => x.Outcome).HasMaxLength(50);
        b.HasIndex(x => new { x.Job, x.Scope, x.RunDate }).IsUnique();
    }
}
