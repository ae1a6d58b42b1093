using System.Threading.Channels;

namespace FieldKit.Web.Features.Mail;

/// <summary>
/// Wakes this instance's <see cref="MailSender"/> now instead of at its next poll. Call after the transaction that
/// queued mail has committed (before, the sender cannot see the rows yet). Other instances pick the mail up at their next poll.
/// </summary>
public sealed class MailWakeup
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Nudge() => _signal.Writer.TryWrite(true);

    /// <summary>Completes when nudged (possibly already); pair with <see cref="Consume"/>.</summary>
    internal Task<bool> WaitAsync(CancellationToken ct) => _signal.Reader.WaitToReadAsync(ct).AsTask();

    internal void Consume()
    {
        while (_signal.Reader.TryRead(out _)) { }
    }
}
