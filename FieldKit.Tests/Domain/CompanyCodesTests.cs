using FieldKit.Domain.Companies;

namespace FieldKit.Tests.Domain;

public sealed class CompanyCodesTests
{
    private static CompanyInfo Company(string code) =>
        new() { Code = code, Name = code, ConnectionString = "Host=127.0.0.1", PrimaryColor = "#424242" };

    [Theory]
    [InlineData("getagrip")]
    [InlineData("kleanit_charlotte")]
    [InlineData("cts2")]
    public void A_lowercase_identifier_is_a_company_code(string code) =>
        Assert.Null(CompanyCodes.Problem(code));

    [Theory]
    [InlineData("components", "app's own paths")]
    [InlineData("admin", "app's own paths")]
    [InlineData("Sales", "lowercase")]
    [InlineData("kleanit-sf", "lowercase")]
    [InlineData("2nd", "lowercase")]
    [InlineData("", "empty")]
    [InlineData("a_company_code_that_is_far_too_long_for_postgres", "longer than 40")]
    public void A_path_of_the_app_or_a_malformed_code_is_refused(string code, string reason) =>
        Assert.Contains(reason, CompanyCodes.Problem(code));

    [Fact]
    public void The_catalogue_refuses_a_reserved_code_and_a_duplicate_naming_both()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            new CompanyCatalogue([Company("cts"), Company("components"), Company("cts")]));

        Assert.Contains("'components' is one of the app's own paths", ex.Message);
        Assert.Contains("'cts' is configured 2 times", ex.Message);
    }

    [Fact]
    public void The_catalogue_keeps_valid_companies_in_configuration_order()
    {
        var catalogue = new CompanyCatalogue([Company("kleanit_sf"), Company("cts")]);

        Assert.Equal(["kleanit_sf", "cts"], catalogue.All.Select(c => c.Code));
        Assert.True(catalogue.Exists("cts"));
    }
}
