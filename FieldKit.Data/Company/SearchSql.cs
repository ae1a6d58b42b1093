namespace FieldKit.Data.Company;

/// <summary>
/// What the search box matches, as stored generated columns (lower-case text plus phone digits) with
/// trigram indexes: one LIKE per table instead of an OR across many columns.
/// </summary>
public static class SearchSql
{
    public const string Customer =
        "lower(coalesce(property_name, '') || ' ' || coalesce(address, '') || ' ' || coalesce(city, '') || ' ' || " +
        "coalesce(zip, '') || ' ' || coalesce(email, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))";

    public const string Contact =
        "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || " +
        "regexp_replace(coalesce(office_phone, ''), '[^0-9]', '', 'g') || ' ' || regexp_replace(coalesce(mobile_phone, ''), '[^0-9]', '', 'g'))";

    /// <summary>
    /// Keeps customer_search in step with customers and their live contacts. Statement-level triggers with
    /// transition tables, so a bulk insert of 100,000 contacts refreshes each customer once, not per row.
    /// </summary>
    public const string CustomerSearchTriggers = """
        CREATE OR REPLACE FUNCTION fk_customer_search_refresh(ids int[]) RETURNS void LANGUAGE sql AS $fn$
            INSERT INTO customer_search (customer_id, text)
            SELECT c.id, c.search_text || coalesce(' ' || (
                       SELECT string_agg(x.search_text, ' ' ORDER BY x.id) FROM customer_contacts x
                        WHERE x.customer_id = c.id AND x.deleted_at IS NULL), '')
              FROM customers c
             WHERE c.id = ANY(ids)
            ON CONFLICT (customer_id) DO UPDATE SET text = EXCLUDED.text
             WHERE customer_search.text IS DISTINCT FROM EXCLUDED.text;
        $fn$;

        CREATE OR REPLACE FUNCTION fk_customer_search_from_customers() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM fk_customer_search_refresh(ARRAY(SELECT id FROM new_rows));
            RETURN NULL;
        END $fn$;

        CREATE OR REPLACE FUNCTION fk_customer_search_from_contacts() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM fk_customer_search_refresh(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM fk_customer_search_refresh(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
            ELSE
                PERFORM fk_customer_search_refresh(ARRAY(
                    SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows));
            END IF;
            RETURN NULL;
        END $fn$;

        DROP TRIGGER IF EXISTS customers_search_insert ON customers;
        DROP TRIGGER IF EXISTS customers_search_update ON customers;
        DROP TRIGGER IF EXISTS customer_contacts_search_insert ON customer_contacts;
        DROP TRIGGER IF EXISTS customer_contacts_search_update ON customer_contacts;
        DROP TRIGGER IF EXISTS customer_contacts_search_delete ON customer_contacts;
        CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fk_customer_search_from_customers();
        CREATE TRIGGER customers_search_update AFTER UPDATE ON customers
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fk_customer_search_from_customers();
        CREATE TRIGGER customer_contacts_search_insert AFTER INSERT ON customer_contacts
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fk_customer_search_from_contacts();
        CREATE TRIGGER customer_contacts_search_update AFTER UPDATE ON customer_contacts
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fk_customer_search_from_contacts();
        CREATE TRIGGER customer_contacts_search_delete AFTER DELETE ON customer_contacts
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fk_customer_search_from_contacts();

        -- Fill it for rows that exist already.
        SELECT fk_customer_search_refresh(ARRAY(SELECT id FROM customers));
        """;
}
