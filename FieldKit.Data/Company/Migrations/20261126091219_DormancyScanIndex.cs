using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class DormancyScanIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_jobs_customer_live",
                table: "jobs",
                columns: new[] { "customer_id", "scheduled_date" },
                filter: "deleted_at IS NULL AND status <> 'Cancelled'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_customer_live",
                table: "jobs");
        }
    }
}
