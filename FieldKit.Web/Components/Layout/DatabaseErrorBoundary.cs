using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Operations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace FieldKit.Web.Components.Layout;

/// <summary>
/// Wraps the page. When a query fails because a database is gone, the page gives way to a short
/// "waiting" note (the banner above names the database), the availability watcher is told, and the page
/// is rebuilt — re-querying everything — as soon as its databases answer again. No restart, no reload.
/// Any other error shows a plain message instead of killing the circuit. A failed save wrote nothing:
/// each save is one transaction.
/// </summary>
public sealed class DatabaseErrorBoundary : ErrorBoundaryBase, IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    private CancellationTokenSource? _waiting;
    private bool _unreachable;

    [Inject] private CompanyAvailability Availability { get; set; } = default!;
    [Inject] private CurrentCompany Current { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<DatabaseErrorBoundary> Logger { get; set; } = default!;

    protected override void OnInitialized()
    {
        MaximumErrorCount = int.MaxValue;
        Navigation.LocationChanged += OnLocationChanged;
    }

    protected override Task OnErrorAsync(Exception exception)
    {
        _unreachable = DatabaseFailures.IsUnreachable(exception);
        if (!_unreachable)
        {
            Logger.LogError(exception, "A page failed");
            return Task.CompletedTask;
        }
        Logger.LogWarning("A page lost its database ({Error}); it reloads when the database answers", exception.Message);
        Availability.ReportFailure();
        StartWaiting(Current.Info?.Code);
        return Task.CompletedTask;
    }

    private void StartWaiting(string? company)
    {
        _waiting?.Cancel();
        var cts = _waiting = new CancellationTokenSource();
        _ = WaitForDatabasesAsync(company, cts.Token);
    }

    /// <summary>Polls (bounded, 1 s apart) until core and the page's company answer, then rebuilds the page.</summary>
    private async Task WaitForDatabasesAsync(string? company, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(RetryEvery);
            while (await timer.WaitForNextTickAsync(ct))
            {
                var coreUp = await Availability.ProbeAsync(CompanyAvailability.Core, ct);
                var companyUp = company is null || await Availability.ProbeAsync(company, ct);
                if (!coreUp || !companyUp) continue;
                await InvokeAsync(Recover);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // Navigated away or the circuit closed.
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Waiting for the database failed");
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (CurrentException is null) return;
        _waiting?.Cancel();
        _ = InvokeAsync(Recover);
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }
        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "fk-page-error pa-4");
        builder.AddAttribute(3, "data-testid", _unreachable ? "database-waiting" : "page-error");
        builder.AddAttribute(4, "role", "status");
        builder.AddContent(5, _unreachable
            ? "This page is waiting for its database and reloads by itself when it is back. Nothing was saved half-way."
            : "Something went wrong on this page. It has been logged; open the page again or choose another.");
        builder.CloseElement();
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _waiting?.Cancel();
        _waiting?.Dispose();
    }
}
