using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Invoices;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Domain;

public sealed class InvoiceRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);

    private static InvoicePayment Line(PaymentKind kind, decimal amount, bool removed = false) =>
        new() { Kind = kind, Amount = amount, Date = Today, DeletedAt = removed ? DateTimeOffset.UtcNow : null };

    [Fact]
    public void Native_totals_are_the_exact_decimal_sum_of_the_live_lines()
    {
        var invoice = new Invoice { Amount = 1.00m, Balance = 1.00m, Source = InvoiceSource.Native };
        List<InvoicePayment> lines = [Line(PaymentKind.Payment, 0.10m), Line(PaymentKind.Payment, 0.20m), Line(PaymentKind.Payment, 0.50m, removed: true)];

        var totals = InvoiceRules.TotalsAfter(invoice, lines, PaymentKind.Payment, 0.20m);

        Assert.Equal(new InvoiceTotals(0.30m, 0m, 0.70m), totals);
        Assert.NotEqual(0.30, 0.10 + 0.20);   // what double would have stored

        lines.Add(Line(PaymentKind.Credit, 0.70m));
        Assert.Equal(new InvoiceTotals(0.30m, 0.70m, 0m), InvoiceRules.TotalsAfter(invoice, lines, PaymentKind.Credit, 0.70m));
    }

    [Fact]
    public void Many_cents_add_up_exactly()
    {
        var invoice = new Invoice { Amount = 100.00m, Source = InvoiceSource.Native };
        var lines = Enumerable.Range(0, 1000).Select(_ => Line(PaymentKind.Payment, 0.01m)).ToList();

        var totals = InvoiceRules.TotalsAfter(invoice, lines, PaymentKind.Payment, 0.01m);

        Assert.Equal((10.00m, 90.00m), (totals.AmountPaid, totals.Balance));
    }

    [Fact]
    public void Imported_totals_move_by_the_change_only()
    {
        // ServiceFusion said $400 was paid; those payments have no lines here.
        var invoice = new Invoice { Amount = 900m, AmountPaid = 400m, Balance = 500m, Source = InvoiceSource.Imported };

        var added = InvoiceRules.TotalsAfter(invoice, [Line(PaymentKind.Payment, 150.55m)], PaymentKind.Payment, 150.55m);
        var afterAdding = new Invoice { Amount = 900m, AmountPaid = 550.55m, Balance = 349.45m, Source = InvoiceSource.Imported };
        var removed = InvoiceRules.TotalsAfter(afterAdding, [], PaymentKind.Payment, -150.55m);

        Assert.Equal(new InvoiceTotals(550.55m, 0m, 349.45m), added);
        Assert.Equal(new InvoiceTotals(400m, 0m, 500m), removed);
    }

    [Fact]
    public void A_void_invoice_has_no_balance()
    {
        var invoice = new Invoice { Amount = 200m, Source = InvoiceSource.Native, VoidedAt = DateTimeOffset.UtcNow };
        Assert.Equal(new InvoiceTotals(50m, 0m, 0m), InvoiceRules.TotalsAfter(invoice, [Line(PaymentKind.Payment, 50m)], PaymentKind.Payment, 50m));
        Assert.Equal(InvoiceState.Void, InvoiceRules.State(0m, invoice.VoidedAt));
    }

    [Theory]
    [InlineData(1234.5, "$1,234.50")]
    [InlineData(0.3, "$0.30")]
    [InlineData(1000000, "$1,000,000.00")]
    public void Money_is_shown_en_US_with_cents(double value, string expected) =>
        Assert.Equal(expected, InvoiceRules.Money((decimal)value));

    [Theory]
    [InlineData("1234.5", "1234.5")]
    [InlineData("$1,234.50", "1234.50")]
    [InlineData(" 0.10 ", "0.10")]
    public void Typed_money_is_read_as_decimal(string text, string expected)
    {
        Assert.True(InvoiceRules.TryParseMoney(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("(5.00)")]
    public void Nonsense_is_not_money(string text) => Assert.False(InvoiceRules.TryParseMoney(text, out _));

    [Fact]
    public void Payments_are_validated_field_by_field()
    {
        var good = new PaymentInput { Amount = 10.25m, Date = Today.AddDays(1), Method = " ACH ", Reference = " 77 " };
        Assert.Empty(InvoiceRules.ValidatePayment(good, Today));
        Assert.Equal(("ach", "77"), (good.Method, good.Reference));

        var bad = new PaymentInput { Amount = 10.255m, Date = Today.AddDays(2), Method = "venmo" };
        Assert.Equal(["Amount", "Date", "Method"], InvoiceRules.ValidatePayment(bad, Today).Keys.Order());

        var credit = new PaymentInput { Kind = PaymentKind.Credit, Amount = 5m, Date = Today, Method = new string('x', 51) };
        Assert.StartsWith("Keep the reason to 50 characters", InvoiceRules.ValidatePayment(credit, Today)["Method"]);
        Assert.Equal("Enter the date.", InvoiceRules.ValidatePayment(new PaymentInput { Amount = 1m, Method = "cash" }, Today)["Date"]);
    }

    [Fact]
    public void The_overpay_message_names_the_excess()
    {
        Assert.Equal("This would overpay the invoice by $0.01.", InvoiceRules.OverpayMessage(-0.01m));
        Assert.Equal("This would overpay the invoice by $1,000.00.", InvoiceRules.OverpayMessage(-1000m));
    }

    [Fact]
    public void Days_past_due_count_only_for_open_invoices_after_their_due_date()
    {
        Assert.Equal(29, InvoiceRules.DaysPastDue(new DateOnly(2026, 1, 31), InvoiceState.Open, Today));
        Assert.Equal(0, InvoiceRules.DaysPastDue(Today, InvoiceState.Open, Today));
        Assert.Equal(0, InvoiceRules.DaysPastDue(new DateOnly(2026, 1, 31), InvoiceState.Paid, Today));
        Assert.Equal(0, InvoiceRules.DaysPastDue(new DateOnly(2026, 1, 31), InvoiceState.Void, Today));
        Assert.Equal(0, InvoiceRules.DaysPastDue(null, InvoiceState.Open, Today));
    }

    [Fact]
    public void Today_is_the_company_date_not_the_UTC_date()
    {
        var lateEvening = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 3, 30, 0, TimeSpan.Zero));   // 10:30 pm EST, March 1
        var summerMorning = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 4, 30, 0, TimeSpan.Zero));  // 12:30 am EDT, July 1

        Assert.Equal(new DateOnly(2026, 3, 1), InvoiceRules.Today(lateEvening, "America/New_York"));
        Assert.Equal(new DateOnly(2026, 7, 1), InvoiceRules.Today(summerMorning, "America/New_York"));
    }

    [Fact]
    public void State_follows_void_then_balance()
    {
        Assert.Equal(InvoiceState.Open, InvoiceRules.State(0.01m, null));
        Assert.Equal(InvoiceState.Paid, InvoiceRules.State(0m, null));
        Assert.Equal(InvoiceState.Void, InvoiceRules.State(12m, DateTimeOffset.UtcNow));
    }
}
