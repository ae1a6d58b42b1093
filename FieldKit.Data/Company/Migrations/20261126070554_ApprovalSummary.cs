using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class ApprovalSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "approval_queue",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_approval_queue_request_type_status",
                table: "approval_queue",
                columns: new[] { "request_type", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_approval_queue_submitted_by_status",
                table: "approval_queue",
                columns: new[] { "submitted_by", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_approval_queue_request_type_status",
                table: "approval_queue");

            migrationBuilder.DropIndex(
                name: "ix_approval_queue_submitted_by_status",
                table: "approval_queue");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "approval_queue");
        }
    }
}
