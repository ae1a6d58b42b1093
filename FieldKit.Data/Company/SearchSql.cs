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
}
