using FieldKit.Web.Features.Companies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Serilog.Context;

namespace FieldKit.Web.Features.Operations;

/// <summary>
/// One per circuit: counts it in <see cref="FieldKitMetrics.ActiveCircuits"/>, and puts the circuit's user,
/// its current company and a request id (the circuit id) on every log event of its interactive work —
/// clicks and renders do not pass through the HTTP middleware that does this for requests.
/// </summary>
public sealed class CircuitOperations(FieldKitMetrics metrics, CurrentCompany current, AuthenticationStateProvider auth) : CircuitHandler
{
    private string? _user;
    private string _circuitId = "-";

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _circuitId = circuit.Id;
        metrics.ActiveCircuits.Add(1);
        try
        {
            _user = (await auth.GetAuthenticationStateAsync()).User.Identity?.Name;
        }
        catch (InvalidOperationException)
        {
            // No authentication state yet; the name stays unknown for this circuit.
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.ActiveCircuits.Add(-1);
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            using (LogContext.PushProperty("User", _user))
            using (LogContext.PushProperty("Company", current.Info?.Code))
            using (LogContext.PushProperty("RequestId", "circuit:" + _circuitId))
            {
                await next(context);
            }
        };
}
