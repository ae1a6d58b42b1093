using Npgsql;
using NpgsqlTypes;

namespace FieldKit.Data;

/// <summary>COPY helpers shared by the seeders and the invoice import: a null writes SQL NULL.</summary>
public static class BinaryImporterExtensions
{
    public static Task WriteNullableAsync(this NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);
}
