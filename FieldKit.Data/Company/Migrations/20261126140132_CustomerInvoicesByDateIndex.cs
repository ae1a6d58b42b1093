using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class CustomerInvoicesByDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_invoices_customer_date",
                table: "invoices",
                columns: new[] { "customer_id", "invoice_date", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_customer_date",
                table: "invoices");
        }
    }
}
