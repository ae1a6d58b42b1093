using Bunit;
using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Board;

namespace FieldKit.Tests.Web;

/// <summary>The board's cards: what they show, and that a column stays cheap (no re-render unless its own jobs changed).</summary>
public sealed class BoardCardsTests : BunitContext
{
    private static readonly BoardJob Job = new(42, 10042, 7, new DateOnly(2026, 11, 26), new TimeOnly(8, 0), new TimeOnly(10, 30),
        12, "Oakwood Apartments", "24", "Carpet Cleaning", JobStatus.Scheduled, 240m, "Crew A");

    private IRenderedComponent<BoardCards> RenderCard(BoardJob job, bool movable) =>
        Render<BoardCards>(p => p.Add(x => x.Jobs, [job]).Add(x => x.Company, "kleanit_charlotte").Add(x => x.CanMove, movable));

    [Fact]
    public void A_card_shows_time_property_units_and_status_with_company_links()
    {
        var card = RenderCard(Job, movable: true);

        Assert.Equal("/kleanit_charlotte/jobs/42", card.Find("[data-testid=job-link]").GetAttribute("href"));
        Assert.Equal("#10042", card.Find("[data-testid=job-link]").TextContent);
        Assert.Equal("/kleanit_charlotte/customers/12", card.Find("[data-testid=job-property]").GetAttribute("href"));
        Assert.Equal("Oakwood Apartments", card.Find("[data-testid=job-property]").TextContent);
        Assert.Contains("8:00–10:30 AM", card.Markup);
        Assert.Contains("24 units", card.Markup);
        Assert.Equal("Scheduled", card.Find("[data-testid=job-status]").TextContent);
        Assert.Equal("true", card.Find("[data-testid=job-card]").GetAttribute("draggable"));
        Assert.Single(card.FindAll("[data-testid=move-job]"));
    }

    [Fact]
    public void A_card_that_cannot_move_is_not_draggable_and_has_no_move_button()
    {
        var card = RenderCard(Job with { Status = JobStatus.Invoiced }, movable: true);   // an invoiced job never moves
        Assert.Equal("false", card.Find("[data-testid=job-card]").GetAttribute("draggable"));
        Assert.Empty(card.FindAll("[data-testid=move-job]"));
        Assert.Contains("fk-status-invoiced", card.Find("[data-testid=job-status]").ClassName);
    }

    [Fact]
    public void A_column_re_renders_only_when_its_own_jobs_change()
    {
        var card = RenderCard(Job, movable: true);
        Assert.Equal(1, card.RenderCount);

        card.Render(p => p.Add(x => x.Jobs, [Job with { }])); // re-queried, unchanged: equal records, new instances
        Assert.Equal(1, card.RenderCount);

        card.Render(p => p.Add(x => x.Jobs, [Job with { Version = 8, Crew = "Crew B" }]));
        Assert.Equal(2, card.RenderCount);

        card.Render(p => p.Add(x => x.PendingId, 42));
        Assert.Equal(3, card.RenderCount);
        Assert.Equal("true", card.Find("[data-testid=job-card]").GetAttribute("aria-busy"));
    }

    [Theory]
    [InlineData(8, 0, 10, 0, "8:00–10:00 AM")]
    [InlineData(11, 30, 13, 0, "11:30 AM–1:00 PM")]
    [InlineData(13, 0, 15, 45, "1:00–3:45 PM")]
    public void Windows_read_like_a_dispatcher_writes_them(int h1, int m1, int h2, int m2, string expected) =>
        Assert.Equal(expected, BoardText.Window(new TimeOnly(h1, m1), new TimeOnly(h2, m2)));

    [Fact]
    public void A_missing_window_reads_any_time() => Assert.Equal("Any time", BoardText.Window(null, null));
}
