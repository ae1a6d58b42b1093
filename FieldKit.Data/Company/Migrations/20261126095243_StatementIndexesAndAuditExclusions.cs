using FieldKit.Data.Auditing;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class StatementIndexesAndAuditExclusions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_invoices_open",
                table: "invoices",
                columns: new[] { "customer_id", "invoice_date" },
                filter: "balance <> 0.0 AND voided_at IS NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_payments_date_invoice_id",
                table: "invoice_payments",
                columns: new[] { "date", "invoice_id" });

            // Statement PDFs and import files (and an import's row outcomes) stay in their own rows, not again in
            // audit_log: fk_audit takes the columns to leave out as trigger arguments; the copies already there go.
            migrationBuilder.Sql(AuditSql.AuditFunction);
            migrationBuilder.ExcludeFromAudit("statement_documents", "pdf");
            migrationBuilder.ExcludeFromAudit("import_batches", "file_content", "row_outcomes");
            migrationBuilder.Sql("""
                UPDATE audit_log SET old_data = old_data - 'pdf', new_data = new_data - 'pdf'
                 WHERE table_name = 'statement_documents' AND (old_data ? 'pdf' OR new_data ? 'pdf');
                UPDATE audit_log SET old_data = old_data - 'file_content' - 'row_outcomes', new_data = new_data - 'file_content' - 'row_outcomes'
                 WHERE table_name = 'import_batches'
                   AND (old_data ?| ARRAY['file_content', 'row_outcomes'] OR new_data ?| ARRAY['file_content', 'row_outcomes']);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.ExcludeFromAudit("statement_documents");
            migrationBuilder.ExcludeFromAudit("import_batches");

            migrationBuilder.DropIndex(
                name: "ix_invoices_open",
                table: "invoices");

            migrationBuilder.DropIndex(
                name: "ix_invoice_payments_date_invoice_id",
                table: "invoice_payments");
        }
    }
}
