using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class CustomerSearchAndListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_city",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_property_name",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_status",
                table: "customers");

            migrationBuilder.CreateTable(
                name: "customer_search",
                columns: table => new
                {
                    customer_id = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_search", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_customer_search_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customers_city_id",
                table: "customers",
                columns: new[] { "city", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_id",
                table: "customers",
                column: "id",
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_property_name_id",
                table: "customers",
                columns: new[] { "property_name", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_status_id",
                table: "customers",
                columns: new[] { "status", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customers_zip_id",
                table: "customers",
                columns: new[] { "zip", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_customer_search_text",
                table: "customer_search",
                column: "text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.Sql(SearchSql.CustomerSearchTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS customers_search_insert ON customers;
                DROP TRIGGER IF EXISTS customers_search_update ON customers;
                DROP TRIGGER IF EXISTS customer_contacts_search_insert ON customer_contacts;
                DROP TRIGGER IF EXISTS customer_contacts_search_update ON customer_contacts;
                DROP TRIGGER IF EXISTS customer_contacts_search_delete ON customer_contacts;
                DROP FUNCTION IF EXISTS fk_customer_search_from_contacts();
                DROP FUNCTION IF EXISTS fk_customer_search_from_customers();
                DROP FUNCTION IF EXISTS fk_customer_search_refresh(int[]);
                """);

            migrationBuilder.DropTable(
                name: "customer_search");

            migrationBuilder.DropIndex(
                name: "ix_customers_city_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_property_name_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_status_id",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_zip_id",
                table: "customers");

            migrationBuilder.CreateIndex(
                name: "ix_customers_city",
                table: "customers",
                column: "city");

            migrationBuilder.CreateIndex(
                name: "ix_customers_property_name",
                table: "customers",
                column: "property_name");

            migrationBuilder.CreateIndex(
                name: "ix_customers_status",
                table: "customers",
                column: "status");
        }
    }
}
