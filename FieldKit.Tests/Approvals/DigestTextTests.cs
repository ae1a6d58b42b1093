using FieldKit.Domain.Approvals;

namespace FieldKit.Tests.Approvals;

/// <summary>The digest's words: exactly the shape of issue #6 (pure, no database).</summary>
public sealed class DigestTextTests
{
    private const string Base = "https://fieldkit.example.com";

    private static DigestSection KleanitCharlotte() => new("Kleanit Charlotte", ["Walter", "Michele"],
    [
        new DigestItem("Add contact \"Tom Davis\" to Oakwood Apartments customer record", $"{Base}/kleanit_charlotte/approvals?item=12"),
        new DigestItem("Update Riverside phone number", $"{Base}/kleanit_charlotte/approvals?item=13"),
    ]);

    [Fact]
    public void Text_is_the_issue_example_with_a_link_under_each_item()
    {
        var message = DigestText.Compose(new DateOnly(2026, 2, 10), [KleanitCharlotte()]);

        Assert.Equal("FIELDKIT APPROVALS NEEDED (2/10/26)", message.Subject);
        Assert.Equal("""
            FIELDKIT APPROVALS NEEDED (2/10/26)

            KLEANIT CHARLOTTE (for Walter + Michele):
            - Add contact "Tom Davis" to Oakwood Apartments customer record
              https://fieldkit.example.com/kleanit_charlotte/approvals?item=12
            - Update Riverside phone number
              https://fieldkit.example.com/kleanit_charlotte/approvals?item=13

            """.ReplaceLineEndings("\n"), message.Text);
    }

    [Fact]
    public void Several_companies_follow_each_other_separated_by_a_blank_line_and_the_date_is_m_d_yy()
    {
        var cts = new DigestSection("CTS of Raleigh", ["Patrick", "Chris", "Michele", "Mike"],
            [new DigestItem("Convert prospect Pine Ridge to a customer", $"{Base}/cts/approvals?item=4")]);

        var message = DigestText.Compose(new DateOnly(2026, 11, 1), [KleanitCharlotte(), cts]);

        Assert.Equal("FIELDKIT APPROVALS NEEDED (11/1/26)", message.Subject);
        Assert.EndsWith("""
              https://fieldkit.example.com/kleanit_charlotte/approvals?item=13

            CTS OF RALEIGH (for Patrick + Chris + Michele + Mike):
            - Convert prospect Pine Ridge to a customer
              https://fieldkit.example.com/cts/approvals?item=4

            """.ReplaceLineEndings("\n"), message.Text);
    }

    [Fact]
    public void Html_says_the_same_with_each_summary_a_link_and_everything_encoded()
    {
        var evil = new DigestSection("Smith & Sons <Test>", ["O'Brien"],
            [new DigestItem("Add contact \"<script>alert(1)</script>\" to A&B Apartments customer record", $"{Base}/x/approvals?item=1&a=\"b\"")]);

        var html = DigestText.Compose(new DateOnly(2026, 2, 10), [KleanitCharlotte(), evil]).Html;

        Assert.Contains("FIELDKIT APPROVALS NEEDED (2/10/26)", html);
        Assert.Contains("KLEANIT CHARLOTTE (for Walter + Michele):", html);
        Assert.Contains("<li><a href=\"https://fieldkit.example.com/kleanit_charlotte/approvals?item=12\">"
            + "Add contact &quot;Tom Davis&quot; to Oakwood Apartments customer record</a></li>", html);
        Assert.Contains("SMITH &amp; SONS &lt;TEST&gt; (for O&#39;Brien):", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("href=\"https://fieldkit.example.com/x/approvals?item=1&amp;a=&quot;b&quot;\"", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("Smith & Sons", html);
    }

    [Fact]
    public void A_summary_with_a_line_break_stays_one_line()
    {
        var section = new DigestSection("Kleanit Charlotte", ["Walter"], [new DigestItem("Update Riverside\r\nphone number", $"{Base}/k/approvals?item=1")]);
        var text = DigestText.Compose(new DateOnly(2026, 2, 10), [section]).Text;
        Assert.Contains("- Update Riverside phone number\n", text);
    }

    [Theory]
    [InlineData("Chris Letize", "chris.letize", "Chris")]
    [InlineData("Mikey C", "mikeyc", "Mikey")]
    [InlineData("Walter", "walter", "Walter")]
    [InlineData("  ", "walter", "walter")]
    public void First_name_is_the_first_word_of_the_display_name(string display, string username, string expected)
    {
        Assert.Equal(expected, DigestText.FirstName(display, username));
    }
}
