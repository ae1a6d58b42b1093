using System.Text.Json;
using System.Text.Json.Serialization;

namespace FieldKit.Web.Features.Mail;

/// <summary>
/// One email to send. <see cref="To"/> holds one address per entry ("a@b.com" or "Name &lt;a@b.com&gt;");
/// the text body is required, the HTML body optional (sent as multipart/alternative when present).
/// </summary>
public sealed record OutgoingMail
{
    public required IReadOnlyList<string> To { get; init; }
    public required string Subject { get; init; }
    public required string TextBody { get; init; }
    public string? HtmlBody { get; init; }
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
    /// <summary>The company the mail is about (statements, digests); null for mail that concerns no single company.</summary>
    public string? CompanyCode { get; init; }
}

/// <summary>A file sent with a mail. The bytes are kept in the outbox row (attachments jsonb, base64) until sent.</summary>
public sealed record MailAttachment(string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// <summary>A mail that cannot be queued (no or malformed recipient, empty subject, oversized attachments): nothing was added.</summary>
public sealed class InvalidMailException(string message) : ArgumentException(message);

/// <summary>How one attachment is kept in mail_outbox.attachments: [{"name","contentType","size","content"(base64)}].</summary>
internal sealed record StoredAttachment(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("content")] string? Content)
{
    public static string? Serialize(IReadOnlyList<StoredAttachment> attachments) =>
        attachments.Count == 0 ? null : JsonSerializer.Serialize(attachments);

    /// <summary>The stored attachments; malformed JSON reads as a clear error, not as "no attachments".</summary>
    public static IReadOnlyList<StoredAttachment> Deserialize(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<StoredAttachment>>(json) ?? [];
}
