using FieldKit.Domain.Approvals;

namespace FieldKit.Tests.Domain;

public sealed class ApprovalDiffTests
{
    private static readonly (string, string)[] Fields = [("Phone", "Phone number"), ("Email", "Email"), ("City", "City")];

    [Fact]
    public void Changes_lists_only_fields_that_differ_treating_blank_as_empty()
    {
        var before = new Dictionary<string, string?> { ["Phone"] = "(704) 555-0101", ["Email"] = null, ["City"] = "Charlotte" };
        var after = new Dictionary<string, string?> { ["Phone"] = "(704) 555-0199", ["Email"] = "  ", ["City"] = "Charlotte " };

        var changes = ApprovalDiff.Changes(Fields, before, after);

        Assert.Equal([new ProposedField("Phone", "Phone number", "(704) 555-0101", "(704) 555-0199")], changes);
    }

    [Fact]
    public void A_field_moved_since_submission_is_flagged_with_both_versions()
    {
        var proposed = new[] { new ProposedField("Phone", "Phone number", "(704) 555-0101", "(704) 555-0199"),
                               new ProposedField("City", "City", "Charlotte", "Matthews") };
        var now = new Dictionary<string, string?> { ["Phone"] = "(704) 555-0150", ["City"] = "Charlotte" };

        var diff = ApprovalDiff.Compare(proposed, now);

        Assert.True(diff[0].ChangedSinceSubmitted);
        Assert.Equal(("(704) 555-0150", "(704) 555-0199", "(704) 555-0101"), (diff[0].Now, diff[0].Proposed, diff[0].AtSubmission));
        Assert.False(diff[1].ChangedSinceSubmitted);
    }

    [Fact]
    public void A_new_record_has_nothing_to_have_changed()
    {
        var diff = ApprovalDiff.Compare([new ProposedField("FirstName", "First name", null, "Tom")], new Dictionary<string, string?>(), targetIsNew: true);
        Assert.False(diff[0].ChangedSinceSubmitted);
        Assert.Null(diff[0].Now);
    }

    [Fact]
    public void Details_round_trip_through_json()
    {
        var details = new ApprovalDetails { Fields = [new ProposedField("Phone", "Phone number", null, "(704) 555-0199")], ContactId = 7 };
        Assert.Equal(details.Fields, ApprovalDetails.FromJson(details.ToJson()).Fields);
        Assert.Equal(7, ApprovalDetails.FromJson(details.ToJson()).ContactId);
        Assert.Null(ApprovalDetails.FromJson(details.ToJson()).SourceCompany);
    }

    [Theory]
    [InlineData(new[] { "Phone number" }, "Update Riverside phone number")]
    [InlineData(new[] { "Phone number", "Email" }, "Update Riverside phone number and email")]
    [InlineData(new[] { "Phone number", "Email", "Billing address" }, "Update Riverside phone number, email and billing address")]
    public void Summaries_read_like_the_digest(string[] labels, string expected) =>
        Assert.Equal(expected, ApprovalTypes.Summary(ApprovalTypes.UpdateCustomer, "Riverside", null, labels));

    [Fact]
    public void An_add_contact_summary_names_contact_and_property() =>
        Assert.Equal("Add contact \"Tom Davis\" to Oakwood Apartments customer record",
            ApprovalTypes.Summary(ApprovalTypes.AddContact, "Oakwood Apartments", "Tom Davis", []));
}
