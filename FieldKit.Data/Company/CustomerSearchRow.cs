namespace FieldKit.Data.Company;

/// <summary>
/// One row per customer holding everything the customer list's search box matches: the customer's own
/// search text plus its live contacts'. Maintained by statement triggers (<see cref="SearchSql.CustomerSearchTriggers"/>),
/// never written by the app, so one trigram index answers a search instead of a union of two tables.
/// It is a separate table rather than a customer column so that a contact edit does not touch the
/// customer row (its version, history and change notifications).
/// </summary>
public sealed class CustomerSearchRow
{
    public int CustomerId { get; set; }
    public string Text { get; set; } = "";
}
