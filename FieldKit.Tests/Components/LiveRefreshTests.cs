using Bunit;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Components;

[Collection(DatabaseCollection.Name)]
public sealed class LiveRefreshTests(DataFixture fx) : ComponentTestContext(fx)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>A page with a LiveRefresh whose handler only records the change: it decides itself whether to render.</summary>
    private sealed class Page : ComponentBase
    {
        public int Renders { get; private set; }
        public TaskCompletionSource<ChangeEvent> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            builder.OpenComponent<LiveRefresh>(0);
            builder.AddComponentParameter(1, nameof(LiveRefresh.Tables), new[] { "customers" });
            builder.AddComponentParameter(2, nameof(LiveRefresh.OnChange), (Func<ChangeEvent, Task>)OnChangeAsync);
            builder.CloseComponent();
        }

        private Task OnChangeAsync(ChangeEvent change)
        {
            // A resync ("*") can come first when the listener needed a second try under load; it renders nothing either.
            if (change.Table != LiveRefresh.Resync) Received.TrySetResult(change);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_change_reaches_the_handler_and_renders_nothing_the_handler_did_not_ask_for()
    {
        await EnterAsync("michele", "kleanit_charlotte");
        var feed = Services.GetRequiredService<ChangeFeed>();
        await feed.StartAsync(CancellationToken.None);
        try
        {
            var page = Render<Page>();
            await feed.WaitUntilListeningAsync("kleanit_charlotte", CancellationToken.None).WaitAsync(Wait);
            var renders = page.Instance.Renders;

            int id;
            await using (var db = Fx.Company("kleanit_charlotte", "walter"))
            {
                var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync();
                customer.Phone = "(704) 555-0143";
                await db.SaveChangesAsync();
                id = customer.Id;
            }

            var change = await page.Instance.Received.Task.WaitAsync(Wait);
            await page.InvokeAsync(() => { });   // whatever the delivery queued on the dispatcher has run

            Assert.Equal(("customers", id, "walter"), (change.Table, change.Id, change.By));
            // An EventCallback would have rendered the page here (a thousand tabs on one customer: a thousand renders for nothing).
            Assert.Equal(renders, page.Instance.Renders);
        }
        finally
        {
            await feed.StopAsync(CancellationToken.None);
        }
    }
}
