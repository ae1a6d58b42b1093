using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FieldKit.Data.Auditing;

/// <summary>Logs any command slower than the threshold as a warning with its SQL; parameter values never appear.</summary>
public sealed partial class SlowQueryInterceptor(ILogger<SlowQueryInterceptor> logger) : DbCommandInterceptor
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Check(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Check(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command, CommandExecutedEventData eventData)
    {
        QueryMetrics.QueryDuration.Record(eventData.Duration.TotalMilliseconds,
            new KeyValuePair<string, object?>("db.name", command.Connection?.Database));
        if (eventData.Duration < Threshold) return;
        // Parameters are sent separately; literals inlined by hand-written SQL (strings, numbers) are masked.
        var sql = NumberLiteral().Replace(Literal().Replace(command.CommandText, "'…'"), "?");
        logger.LogWarning("Slow query {DurationMs} ms on {Database}: {Sql}",
            (int)eventData.Duration.TotalMilliseconds, command.Connection?.Database, sql);
    }

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();

    // A number standing alone (not part of an identifier such as t0, nor a $1 placeholder).
    [GeneratedRegex(@"(?<![\w$.""])\d+(?:\.\d+)?(?![\w""])")]
    private static partial Regex NumberLiteral();
}
