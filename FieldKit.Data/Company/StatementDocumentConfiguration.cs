using FieldKit.Domain.Entities;
using FieldKit.Domain.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class StatementDocumentConfiguration : IEntityTypeConfiguration<StatementDocument>
{
    public void Configure(EntityTypeBuilder<StatementDocument> b)
    {
        b.ToTable("statement_documents");
        b.Property(x => x.Account).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.TotalDue).HasPrecision(14, 2);
        b.Property(x => x.EmailedTo).HasMaxLength(2000);
        b.HasOne<StatementRun>().WithMany().HasForeignKey(x => x.StatementRunId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StatementRunId);
        b.HasIndex(x => x.CustomerId);
    }
}
