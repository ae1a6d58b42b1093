namespace FieldKit.Web.Features.Mail;

public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (port 587); refuses to continue without it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption: a relay on localhost or a test server only.</summary>
    None,
}

/// <summary>
/// Configuration section "Smtp". Without <see cref="Host"/> sending is disabled and mail stays in the outbox
/// (the local run). Credentials belong in environment variables or a secrets file (Smtp__Password), not appsettings.json.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    /// <summary>Authenticates only when set.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; } = "FieldKit";
    /// <summary>Attempts before a mail is marked Failed (an admin can retry it from the outbox page).</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Connect/command timeout of the SMTP client.</summary>
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>How long a claimed mail is reserved for the instance sending it; must exceed a whole send (connect + every command).</summary>
    public int LeaseMinutes { get; set; } = 10;
    public int PollSeconds { get; set; } = 10;
    /// <summary>Mails claimed per round (one SMTP connection per round).</summary>
    public int BatchSize { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Null when usable, else what is wrong (logged once; sending stays off).</summary>
    public string? Problem()
    {
        if (!IsConfigured) return null;
        if (string.IsNullOrWhiteSpace(FromAddress)) return "Smtp:FromAddress is required when Smtp:Host is set";
        if (!MimeKit.MailboxAddress.TryParse(FromAddress, out _)) return $"Smtp:FromAddress '{FromAddress}' is not an email address";
        if (Port is < 1 or > 65535) return $"Smtp:Port {Port} is not a port";
        if (MaxAttempts < 1) return "Smtp:MaxAttempts must be at least 1";
        if (TimeoutSeconds < 1) return "Smtp:TimeoutSeconds must be at least 1";
        if (BatchSize < 1) return "Smtp:BatchSize must be at least 1";
        // A lease shorter than a send could let a second instance send the same mail while the first is still at it.
        if (TimeSpan.FromMinutes(LeaseMinutes) <= TimeSpan.FromSeconds(TimeoutSeconds) * 4)
            return "Smtp:LeaseMinutes must exceed four SMTP timeouts (connect, authenticate, send, disconnect)";
        if (!string.IsNullOrEmpty(Username) && Password is null) return "Smtp:Password is required with Smtp:Username";
        return null;
    }
}
