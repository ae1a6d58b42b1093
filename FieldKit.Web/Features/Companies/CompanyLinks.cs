namespace FieldKit.Web.Features.Companies;

public static class CompanyLinks
{
    /// <summary>
    /// The same page in another company. A record id (a numeric segment) cannot apply there, because ids
    /// repeat across databases, so the link stops at the list page before it.
    /// </summary>
    public static string SamePageIn(string relativePath, string targetCompany)
    {
        var path = relativePath.Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string> { targetCompany };
        foreach (var segment in segments.Skip(1))
        {
            if (segment.All(char.IsDigit)) break;
            kept.Add(segment);
        }
        return "/" + string.Join('/', kept);
    }
}
