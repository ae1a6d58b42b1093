using System.Text.RegularExpressions;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Sales;

public sealed class VisitTagInput
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607D8B";
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public static VisitTagInput From(VisitTagConfig t) => new() { Id = t.Id, Name = t.Name, Color = t.Color, SortOrder = t.SortOrder, IsActive = t.IsActive };
}

/// <summary>visit_tags_config: the tags salespeople pick from, per company; admins and managers keep them (ManageSettings).</summary>
public sealed partial class VisitTagService(CompanyDb companyDb)
{
    public async Task<IReadOnlyList<VisitTagConfig>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        return await db.VisitTags.AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Name).ToListAsync(ct);
    }

    /// <summary>Adds or changes a tag. Renaming keeps old visits' tags as they were logged (history is not rewritten).</summary>
    public async Task<SaveResult> SaveAsync(VisitTagInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        var errors = new Dictionary<string, string>();
        input.Name = input.Name?.Trim() ?? "";
        if (input.Name.Length == 0) errors[nameof(input.Name)] = "Name the tag.";
        else if (input.Name.Length > 50) errors[nameof(input.Name)] = "Use at most 50 characters.";
        else if (await db.VisitTags.AnyAsync(t => t.Id != (input.Id ?? 0) && t.Name.ToLower() == input.Name.ToLower(), ct))
            errors[nameof(input.Name)] = "A tag with this name exists.";
        if (!HexColor().IsMatch(input.Color ?? "")) errors[nameof(input.Color)] = "Use a colour like #D32F2F.";
        if (input.SortOrder is < 0 or > 1000) errors[nameof(input.SortOrder)] = "Order is 0 to 1000.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        var tag = input.Id is { } id
            ? await db.VisitTags.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new RecordGoneException("This tag has been removed.")
            : db.VisitTags.Add(new VisitTagConfig()).Entity;
        tag.Name = input.Name;
        tag.Color = input.Color!.ToUpperInvariant();
        tag.SortOrder = input.SortOrder;
        tag.IsActive = input.IsActive;
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(tag.Id);
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
