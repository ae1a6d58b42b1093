using FieldKit.Data.Auditing;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FieldKit.Data.Company.Migrations
{
    /// <inheritdoc />
    public partial class CustomerSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<string>(
                name: "address_key",
                table: "customers",
                type: "text",
                nullable: false,
                computedColumnSql: "regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(btrim(regexp_replace(lower(coalesce(address, '')), '[^a-z0-9]+', ' ', 'g')), '\\mstreet\\M', 'st', 'g'), '\\mavenue\\M', 'ave', 'g'), '\\mroad\\M', 'rd', 'g'), '\\mdrive\\M', 'dr', 'g'), '\\mboulevard\\M', 'blvd', 'g'), '\\mlane\\M', 'ln', 'g'), '\\mcourt\\M', 'ct', 'g'), '\\mplace\\M', 'pl', 'g'), '\\mparkway\\M', 'pkwy', 'g'), '\\mhighway\\M', 'hwy', 'g'), '\\mcircle\\M', 'cir', 'g'), '\\mterrace\\M', 'ter', 'g'), '\\mnorth\\M', 'n', 'g'), '\\msouth\\M', 's', 'g'), '\\meast\\M', 'e', 'g'), '\\mwest\\M', 'w', 'g'), '\\msuite\\M', 'ste', 'g')",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "name_key",
                table: "customers",
                type: "text",
                nullable: false,
                computedColumnSql: "regexp_replace(btrim(regexp_replace(lower(coalesce(property_name, '')), '[^a-z0-9]+', ' ', 'g')), '^the (?=.)', '')",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "customers",
                type: "text",
                nullable: false,
                computedColumnSql: "lower(coalesce(property_name, '') || ' ' || coalesce(address, '') || ' ' || coalesce(city, '') || ' ' || coalesce(zip, '') || ' ' || coalesce(email, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "customer_contacts",
                type: "text",
                nullable: false,
                computedColumnSql: "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || regexp_replace(coalesce(office_phone, ''), '[^0-9]', '', 'g') || ' ' || regexp_replace(coalesce(mobile_phone, ''), '[^0-9]', '', 'g'))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_customers_address_key",
                table: "customers",
                column: "address_key");

            migrationBuilder.CreateIndex(
                name: "ix_customers_name_key",
                table: "customers",
                column: "name_key");

            migrationBuilder.CreateIndex(
                name: "ix_customers_search_text",
                table: "customers",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_customer_contacts_search_text",
                table: "customer_contacts",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // Generated search columns stay out of the audit history.
            migrationBuilder.Sql(AuditSql.Functions);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_customers_address_key",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_name_key",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customers_search_text",
                table: "customers");

            migrationBuilder.DropIndex(
                name: "ix_customer_contacts_search_text",
                table: "customer_contacts");

            migrationBuilder.DropColumn(
                name: "address_key",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "name_key",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "customer_contacts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
