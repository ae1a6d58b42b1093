namespace FieldKit.Domain.Approvals;

/// <summary>The kinds of change a salesperson can ask for (approval_queue.request_type).</summary>
public static class ApprovalTypes
{
    public const string AddContact = "add_contact";
    public const string UpdateContact = "update_contact";
    public const string UpdateCustomer = "update_customer";
    public const string ConvertProspect = "convert_prospect";
    public const string SyncContact = "sync_contact";

    public static readonly IReadOnlyList<string> All = [AddContact, UpdateContact, UpdateCustomer, ConvertProspect, SyncContact];

    public static string Label(string type) => type switch
    {
        AddContact => "Add contact",
        UpdateContact => "Update contact",
        UpdateCustomer => "Update customer",
        ConvertProspect => "Convert prospect",
        SyncContact => "Sync contact",
        _ => type,
    };

    /// <summary>
    /// One line saying what is asked, as the queue and the noon digest show it:
    /// <c>Add contact "Tom Davis" to Oakwood Apartments customer record</c>, <c>Update Riverside phone number</c>.
    /// </summary>
    public static string Summary(string type, string targetName, string? contactName, IReadOnlyCollection<string> fieldLabels, string? otherCompanyName = null)
    {
        var fields = FieldList(fieldLabels);
        return type switch
        {
            AddContact => $"Add contact \"{contactName}\" to {targetName} customer record",
            UpdateContact => $"Update contact \"{contactName}\" at {targetName}" + (fields.Length > 0 ? $": {fields}" : ""),
            UpdateCustomer => $"Update {targetName} {(fields.Length > 0 ? fields : "details")}",
            ConvertProspect => $"Convert prospect {targetName} to a customer",
            SyncContact => $"Sync contact \"{contactName}\" to {targetName}" + (otherCompanyName is null ? "" : $" from {otherCompanyName}"),
            _ => $"{Label(type)}: {targetName}",
        };
    }

    /// <summary>"phone number", "phone number and email", "phone number, email and billing address".</summary>
    public static string FieldList(IReadOnlyCollection<string> labels)
    {
        var l = labels.Select(x => x.ToLowerInvariant()).Distinct().ToList();
        return l.Count switch
        {
            0 => "",
            1 => l[0],
            _ => string.Join(", ", l.Take(l.Count - 1)) + " and " + l[^1],
        };
    }
}
