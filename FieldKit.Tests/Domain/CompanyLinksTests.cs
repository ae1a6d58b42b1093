using FieldKit.Web.Features.Companies;

namespace FieldKit.Tests.Domain;

public sealed class CompanyLinksTests
{
    [Theory]
    [InlineData("/kleanit_charlotte/customers", "getagrip", "/getagrip/customers")]
    [InlineData("/kleanit_charlotte/customers?status=active", "cts", "/cts/customers")]
    [InlineData("/kleanit_charlotte/customers/12", "getagrip", "/getagrip/customers")]
    [InlineData("/kleanit_charlotte/customers/12/history", "getagrip", "/getagrip/customers")]
    [InlineData("/kleanit_charlotte", "kleanit_sf", "/kleanit_sf")]
    [InlineData("/cts/jobs/board", "getagrip", "/getagrip/jobs/board")]
    public void Switching_keeps_the_page_but_never_a_record_id(string from, string company, string expected) =>
        Assert.Equal(expected, CompanyLinks.SamePageIn(from, company));
}
