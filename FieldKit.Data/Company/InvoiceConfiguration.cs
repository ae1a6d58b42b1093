using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        b.ToTable("invoices");
        b.Property(x => x.Number).HasMaxLength(50).IsRequired();
        foreach (var money in new[] { nameof(Invoice.Amount), nameof(Invoice.TaxAmount), nameof(Invoice.AmountPaid), nameof(Invoice.Credits), nameof(Invoice.Balance) })
            b.Property(money).HasPrecision(12, 2);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PoNumber).HasMaxLength(50);
        b.Property(x => x.ExternalStatus).HasMaxLength(50);
        b.HasOne(x => x.Customer).WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Job).WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ImportBatch>().WithMany().HasForeignKey(x => x.ImportBatchId).OnDelete(DeleteBehavior.Restrict);
        // An invoice number is unique among live invoices; an undone import frees its numbers.
        b.HasIndex(x => x.Number).IsUnique().HasFilter("deleted_at IS NULL");
        b.HasIndex(x => new { x.CustomerId, x.Balance });
        b.HasIndex(x => x.JobId);
        b.HasIndex(x => x.InvoiceDate);
        // A customer's invoices newest first (the customer page's recent list). Without it PostgreSQL walked every
        // invoice by date looking for that customer's: 117 ms for a customer with no invoices on 101,870 of them.
        b.HasIndex(x => new { x.CustomerId, x.InvoiceDate, x.Id }, "ix_invoices_customer_date")
            .HasDatabaseName("ix_invoices_customer_date");
        // Open invoices by customer: statements and receivables read only these (a small share of all invoices).
        b.HasIndex(x => new { x.CustomerId, x.InvoiceDate }, "ix_invoices_open")
            .HasDatabaseName("ix_invoices_open")
            .HasFilter("balance <> 0.0 AND voided_at IS NULL AND deleted_at IS NULL");
    }
}
