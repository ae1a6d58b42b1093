using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class DormancyNoteConfiguration : IEntityTypeConfiguration<DormancyNote>
{
    public void Configure(EntityTypeBuilder<DormancyNote> b)
    {
        b.ToTable("dormancy_notes");
        b.Property(x => x.Reason).HasMaxLength(50);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.Property(x => x.AuthorUsername).HasMaxLength(100);
        b.Property(x => x.AuthorName).HasMaxLength(200);
        b.HasOne(x => x.Alert).WithMany().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AlertId, x.LoggedAt });
        // The weekly report: notes logged in one week.
        b.HasIndex(x => x.LoggedAt);
    }
}
