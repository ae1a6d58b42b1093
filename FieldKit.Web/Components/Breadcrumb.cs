using Microsoft.AspNetCore.Components;

namespace FieldKit.Web.Components;

/// <summary>
/// The one trail the record pages show (list, then this record) as MudBreadcrumbs' own markup and classes. The
/// component is a cascading value plus a component per link and separator, all re-rendered with every render of
/// the page: in every tab showing a customer, job or invoice, and again on each live change to it (decision 015).
/// </summary>
public static class Breadcrumb
{
    public static RenderFragment Trail(string parentText, string parentHref, string current) => b =>
    {
        b.OpenElement(0, "nav");
        b.AddAttribute(1, "aria-label", "Breadcrumb");
        b.OpenElement(2, "ol");
        b.AddAttribute(3, "class", "mud-breadcrumbs mud-typography-body1 px-0 pt-0");

        b.OpenElement(4, "li");
        b.AddAttribute(5, "class", "mud-breadcrumb-item");
        b.OpenElement(6, "a");
        b.AddAttribute(7, "href", parentHref);
        b.AddContent(8, parentText);
        b.CloseElement();
        b.CloseElement();

        b.OpenElement(9, "li");
        b.AddAttribute(10, "aria-hidden", "true");
        b.AddAttribute(11, "class", "mud-breadcrumb-separator");
        b.AddMarkupContent(12, "<span>/</span>");
        b.CloseElement();

        b.OpenElement(13, "li");
        b.AddAttribute(14, "class", "mud-breadcrumb-item mud-disabled");
        b.OpenElement(15, "a");
        b.AddAttribute(16, "aria-current", "page");
        b.AddContent(17, current);
        b.CloseElement();
        b.CloseElement();

        b.CloseElement();
        b.CloseElement();
    };
}
