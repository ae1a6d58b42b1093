using Npgsql;

namespace FieldKit.Web.Features.Operations;

/// <summary>Tells "the database is not there" (retry later) from every other error.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True for a connection that could not be opened or was cut (server stopped, restarting, network),
    /// wherever EF wrapped it. A constraint violation or a bad query is not an outage.
    /// </summary>
    public static bool IsUnreachable(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException pg:
                    // 08: connection exceptions; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03";
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case System.Net.Sockets.SocketException:
                case EndOfStreamException:
                    return true;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsUnreachable);
            }
        }
        return false;
    }

    /// <summary>
    /// What a form says when its save could not reach the database. Every save is one transaction, so a save that
    /// failed before its commit wrote nothing (a cut during the commit itself can go either way; saving again
    /// then meets the version check rather than writing twice).
    /// </summary>
    public static string NotSavedMessage(string? companyName) =>
        $"Not saved: {companyName ?? "the company"}'s database is not reachable. Your changes are still here; save again once it is back.";
}
