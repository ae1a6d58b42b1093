namespace FieldKit.Web.Features.Operations;

/// <summary>
/// The guard around one iteration of a background worker's loop: whatever the iteration throws, except the host
/// stopping, is logged and swallowed, so the loop lives on and tries again at its next tick. The host already
/// survives a worker that dies (<c>BackgroundServiceExceptionBehavior.Ignore</c>), but a dead worker would stop
/// its job silently until the next restart.
/// </summary>
public static class WorkerGuard
{
    /// <returns>True when the iteration finished; false when it threw (and was logged).</returns>
    public static async Task<bool> RunAsync(ILogger logger, string work, Func<CancellationToken, Task> iteration, CancellationToken ct)
    {
        try
        {
            await iteration(ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Work} failed; it is retried at the next run", work);
            return false;
        }
    }
}
