using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FieldKit.Data;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Invoices;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace FieldKit.Tests.Web;

/// <summary>
/// The invoice screens rendered with bUnit against the test cluster. The setup is ComponentTestContext's plus
/// InvoiceService (registered here as the app will) and a fixed clock: services cannot be added after its constructor.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class InvoicePageTests : BunitContext, IAsyncLifetime
{
    private const string Company = "cts";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly DataFixture _fx;
    private readonly BunitAuthorizationContext _auth;
    private int _customerId, _completedJobId, _scheduledJobId;

    public InvoicePageTests(DataFixture fx)
    {
        _fx = fx;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        Services.AddFieldKitData(TestConfiguration.Build());
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero)));
        Services.AddAccountServices();
        Services.AddScoped<CurrentCompany>();
        Services.AddScoped<CompanyDb>();
        Services.AddSingleton<CompanyAvailability>();
        Services.AddSingleton<FieldKit.Web.Features.Live.ChangeFeed>();
        Services.AddScoped<InvoiceService>();
        _auth = AddAuthorization();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private async Task EnterAsync(string username, string company)
    {
        var principal = await TestSessions.PrincipalForAsync(_fx, username);
        _auth.SetAuthorized(username);
        _auth.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name)]);
        Services.GetRequiredService<CurrentCompany>().Set(_fx.Catalogue.Get(company));
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async Task InitializeAsync()
    {
        await _fx.ResetAsync();
        await _fx.SeedDemoUsersAsync();
        await using var db = _fx.Company(Company, "seed");
        var customer = new Customer { PropertyName = "Oak Hollow Apartments", City = "Raleigh", PaymentTermsDays = 30 };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        _customerId = customer.Id;
        var completed = new Job { CustomerId = customer.Id, ScheduledDate = new DateOnly(2026, 2, 27), ServiceType = "Carpet cleaning", Price = 1234.50m, Status = JobStatus.Completed };
        var scheduled = new Job { CustomerId = customer.Id, ScheduledDate = new DateOnly(2026, 3, 9), ServiceType = "Carpet cleaning", Price = 90m };
        db.Jobs.AddRange(completed, scheduled);
        await db.SaveChangesAsync();
        (_completedJobId, _scheduledJobId) = (completed.Id, scheduled.Id);
    }

    private async Task<int> InvoiceJobAsync()
    {
        var result = await Services.GetRequiredService<InvoiceService>().CreateFromJobAsync(_completedJobId);
        Assert.True(result.Succeeded, result.Message);
        return result.Id!.Value;
    }

    [Fact]
    public async Task Creating_from_a_completed_job_previews_it_then_opens_the_new_invoice()
    {
        await EnterAsync("michele", Company);
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo($"/{Company}/invoices/new?job={_completedJobId}");

        var page = Render<NewInvoicePage>(p => p.Add(x => x.Company, Company));

        page.WaitForAssertion(() => Assert.Equal("$1,234.50", page.Find("[data-testid=preview-amount]").TextContent), Wait);
        Assert.Contains("04/01/2026", page.Find("[data-testid=preview-due]").TextContent);
        page.Find("button[data-testid=confirm-create-invoice]").Click();

        await using var db = _fx.Company(Company);
        page.WaitForAssertion(() => Assert.EndsWith($"/{Company}/invoices/{db.Invoices.Single().Id}", nav.Uri), Wait);
    }

    [Fact]
    public async Task A_scheduled_job_shows_why_it_cannot_be_invoiced_and_no_button()
    {
        await EnterAsync("michele", Company);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/{Company}/invoices/new?job={_scheduledJobId}");

        var page = Render<NewInvoicePage>(p => p.Add(x => x.Company, Company));

        page.WaitForAssertion(() => Assert.Equal("Only a completed job can be invoiced (this one is scheduled).",
            page.Find("[data-testid=new-invoice-problem]").TextContent.Trim()), Wait);
        Assert.Empty(page.FindAll("[data-testid=confirm-create-invoice]"));
    }

    [Fact]
    public async Task The_invoice_page_records_a_payment_through_its_dialog()
    {
        await EnterAsync("michele", Company);
        var id = await InvoiceJobAsync();
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var page = Render<InvoicePage>(p => p.Add(x => x.Company, Company).Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("$1,234.50", page.Find("[data-testid=invoice-balance]").TextContent), Wait);
        Assert.Contains("None yet.", page.Find("[data-testid=no-payments]").TextContent);

        page.Find("button[data-testid=record-payment]").Click();
        dialogs.WaitForElement("[data-testid=payment-dialog-balance]", Wait);
        dialogs.Find("input[data-testid=payment-amount], [data-testid=payment-amount] input").Change("1,234.51");
        dialogs.Find("button[data-testid=save-payment]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("This would overpay the invoice by $0.01.", dialogs.Markup), Wait);

        dialogs.Find("input[data-testid=payment-amount], [data-testid=payment-amount] input").Change("234.50");
        dialogs.Find("button[data-testid=save-payment]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("$1,000.00", page.Find("[data-testid=invoice-balance]").TextContent);
            Assert.Equal("− $234.50", page.Find("[data-testid=invoice-paid]").TextContent);
            Assert.Single(page.FindAll("[data-testid=payment-row]"));
        }, Wait);
        Assert.Empty(page.FindAll("[data-testid=delete-invoice]"));   // it has a payment now: void only
    }

    [Fact]
    public async Task The_list_and_the_customer_section_show_balances_formatted_in_dollars()
    {
        await EnterAsync("michele", Company);
        var id = await InvoiceJobAsync();
        Render<MudPopoverProvider>();

        var list = Render<InvoicesPage>(p => p.Add(x => x.Company, Company));
        var section = Render<CustomerInvoicesSection>(p => p.Add(x => x.Company, Company).Add(x => x.CustomerId, _customerId));

        list.WaitForAssertion(() =>
        {
            Assert.Equal($"/{Company}/invoices/{id}", list.Find("a[data-testid=invoice-link]").GetAttribute("href"));
            Assert.Equal("$1,234.50", list.Find("[data-testid=invoice-balance]").TextContent);
            Assert.Contains("1 invoice", list.Find("[data-testid=invoice-totals]").TextContent);
        }, Wait);
        section.WaitForAssertion(() =>
        {
            Assert.Equal("$1,234.50", section.Find("[data-testid=customer-open-balance]").TextContent);
            Assert.Single(section.FindAll("[data-testid=customer-invoice-row]"));
        }, Wait);
    }
}
