using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FieldKit.Data.Company;

public sealed class InvoicePaymentConfiguration : IEntityTypeConfiguration<InvoicePayment>
{
    public void Configure(EntityTypeBuilder<InvoicePayment> b)
    {
        b.ToTable("invoice_payments");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.Method).HasMaxLength(50);
        b.Property(x => x.Reference).HasMaxLength(100);
        b.HasOne(x => x.Invoice).WithMany(i => i.Payments).HasForeignKey(x => x.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.InvoiceId);
        // Payments after a statement date (a settled invoice still open as of that date).
        b.HasIndex(x => new { x.Date, x.InvoiceId });
        b.ToTable(t => t.HasCheckConstraint("ck_invoice_payments_amount_positive", "amount > 0"));
    }
}
