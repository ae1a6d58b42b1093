using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FieldKit.Data.Auditing;

/// <summary>A context that knows who is acting: the signed-in user, or "system:&lt;job&gt;" for background work.</summary>
public interface IActorContext
{
    string Actor { get; }
}

/// <summary>
/// Fills created/updated/deleted "by" and "at" and turns deletes into soft deletes. The updated_at trigger
/// still has the last word on updated_at, so raw SQL updates are stamped too.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null) return;
        var actor = (context as IActorContext)?.Actor;
        var now = clock.GetUtcNow();

        foreach (var entry in context.ChangeTracker.Entries<AuditableEntity>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && string.IsNullOrEmpty(actor))
                throw new InvalidOperationException("Refusing to save without an actor: every change must say who made it.");

            switch (entry.State)
            {
                case EntityState.Added:
                    entry.Entity.CreatedAt = now;
                    entry.Entity.CreatedBy = actor!;
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedBy = actor!;
                    break;
                case EntityState.Modified:
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedBy = actor!;
                    break;
                case EntityState.Deleted:
                    // Soft delete only: the row stays, hidden by the SoftDelete query filter.
                    entry.State = EntityState.Modified;
                    entry.Entity.DeletedAt = now;
                    entry.Entity.DeletedBy = actor;
                    entry.Entity.UpdatedAt = now;
                    entry.Entity.UpdatedBy = actor!;
                    break;
            }
        }
    }
}
