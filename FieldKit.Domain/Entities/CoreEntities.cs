using FieldKit.Domain.Security;

namespace FieldKit.Domain.Entities;

public sealed class User : AuditableEntity
{
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public bool MustChangePassword { get; set; }
    /// <summary>Changes whenever password, roles or active state change; cookies and circuits carrying an older stamp are refused.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public List<UserCompanyRole> Roles { get; set; } = [];
}

public sealed class UserCompanyRole : AuditableEntity
{
    public int UserId { get; set; }
    public User? User { get; set; }
    public string CompanyCode { get; set; } = "";
    public Role Role { get; set; }
}

public enum LoginOutcome { Success, WrongPassword, UnknownUser, Inactive, RateLimited, PasswordRejected }

/// <summary>Append-only record of every sign-in attempt; also the counter for the rate limit.</summary>
public sealed class LoginHistory
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public int? UserId { get; set; }
    public string Address { get; set; } = "";
    public LoginOutcome Outcome { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A scheduled job's claim on one run: unique (job, scope, run_date) makes it happen once across instances.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public string Job { get; set; } = "";
    public string Scope { get; set; } = "";
    public DateOnly RunDate { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Error { get; set; }
}

public enum MailStatus { Pending, Sent, Failed }

public sealed class MailOutbox
{
    public long Id { get; set; }
    public string Recipients { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>JSONB: attachment names and where their bytes are kept.</summary>
    public string? Attachments { get; set; }
    public MailStatus Status { get; set; } = MailStatus.Pending;
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? CompanyCode { get; set; }
}

/// <summary>The same real property held as a customer in two companies' databases.</summary>
public sealed class CrossDbPropertyMatch : AuditableEntity
{
    public string CompanyA { get; set; } = "";
    public int CustomerIdA { get; set; }
    public string CompanyB { get; set; } = "";
    public int CustomerIdB { get; set; }
    public string? MatchedOn { get; set; }
}

/// <summary>A signed-in browser. Sign-out revokes it; the cookie only names it, so a copied cookie dies with it.</summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string Address { get; set; } = "";
    public string? UserAgent { get; set; }
}

/// <summary>Small per-user settings (last company, last customer filter). Not business data, so not audited.</summary>
public sealed class UserPreference
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
