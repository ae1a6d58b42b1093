using System.Linq.Expressions;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Data.Auditing;

public static class AuditModel
{
    /// <summary>Name of the global query filter that hides soft-deleted rows; admins' restore path ignores it by name.</summary>
    public const string SoftDeleteFilter = "SoftDelete";

    /// <summary>Soft-delete filter, xmin concurrency token and audit column defaults for every auditable entity.</summary>
    public static void ApplyAuditConventions(this ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes()
                     .Where(t => typeof(AuditableEntity).IsAssignableFrom(t.ClrType)))
        {
            var builder = modelBuilder.Entity(entityType.ClrType);
            var e = Expression.Parameter(entityType.ClrType, "e");
            var notDeleted = Expression.Lambda(
                Expression.Equal(Expression.Property(e, nameof(AuditableEntity.DeletedAt)),
                    Expression.Constant(null, typeof(DateTimeOffset?))), e);
            builder.HasQueryFilter(SoftDeleteFilter, notDeleted);
            builder.Property(nameof(AuditableEntity.Version)).IsRowVersion();
            builder.Property(nameof(AuditableEntity.CreatedAt)).HasDefaultValueSql("now()");
            builder.Property(nameof(AuditableEntity.UpdatedAt)).HasDefaultValueSql("now()");
            builder.Property(nameof(AuditableEntity.CreatedBy)).HasMaxLength(100);
            builder.Property(nameof(AuditableEntity.UpdatedBy)).HasMaxLength(100);
            builder.Property(nameof(AuditableEntity.DeletedBy)).HasMaxLength(100);
            builder.Ignore(nameof(AuditableEntity.IsDeleted));
        }
    }
}
