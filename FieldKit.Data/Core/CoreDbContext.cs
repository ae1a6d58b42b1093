using FieldKit.Data.Auditing;
using FieldKit.Domain.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Data.Core;

/// <summary>fieldkit_core: what belongs to no single company (users, sign-ins, keys, job runs, mail).</summary>
public sealed class CoreDbContext(DbContextOptions<CoreDbContext> options) : DbContext(options), IActorContext, IDataProtectionKeyContext
{
    public string Actor { get; set; } = "";

    public DbSet<User> Users => Set<User>();
    public DbSet<UserCompanyRole> UserCompanyRoles => Set<UserCompanyRole>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();
    public DbSet<LoginHistory> LoginHistory => Set<LoginHistory>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<MailOutbox> MailOutbox => Set<MailOutbox>();
    public DbSet<CrossDbPropertyMatch> CrossDbPropertyMatches => Set<CrossDbPropertyMatch>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CoreDbContext).Assembly,
            t => t.Namespace == typeof(CoreDbContext).Namespace);
        modelBuilder.ApplyConfiguration(new AuditLogEntryConfiguration());
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.ApplyAuditConventions();
    }
}
