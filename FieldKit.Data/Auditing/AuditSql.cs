using Microsoft.EntityFrameworkCore.Migrations;

namespace FieldKit.Data.Auditing;

/// <summary>
/// The database side of auditing, installed by migrations: an updated_at trigger, an audit_log trigger
/// (old/new values of the changed columns and who), and a pg_notify trigger feeding live screens.
/// </summary>
public static class AuditSql
{
    public const string ChangeChannel = "fieldkit_changes";

    /// <summary>The audit_log trigger function (also in <see cref="Functions"/>); a migration that changes it re-runs it.</summary>
    public const string AuditFunction = """
        -- Arguments of the trigger name columns kept out of the history (large binaries such as a statement's PDF,
        -- an import's file): the row says what happened, the bytes stay in their own table only.
        CREATE OR REPLACE FUNCTION fk_audit() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
            op text;
            who text;
            rid integer;
            old_j jsonb;
            new_j jsonb;
            old_all jsonb;
            new_all jsonb;
            skip text[] := ARRAY['xmin', 'search_text', 'name_key', 'address_key'];
        BEGIN
            FOR i IN 0 .. TG_NARGS - 1 LOOP
                skip := skip || TG_ARGV[i];
            END LOOP;
            IF TG_OP = 'INSERT' THEN
                op := 'insert'; who := NEW.created_by; rid := NEW.id; new_j := fk_redact(to_jsonb(NEW) - skip);
            ELSIF TG_OP = 'UPDATE' THEN
                rid := NEW.id;
                old_all := to_jsonb(OLD) - skip;
                new_all := to_jsonb(NEW) - skip;
                -- Keep only the columns that changed; bookkeeping and generated columns are not history.
                SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(o.key, new_all -> o.key)
                  INTO old_j, new_j
                  FROM jsonb_each(old_all) o
                 WHERE o.key NOT IN ('updated_at', 'updated_by')
                   AND o.value IS DISTINCT FROM (new_all -> o.key);
                IF old_j IS NULL THEN
                    RETURN NULL;
                END IF;
                old_j := fk_redact(old_j);
                new_j := fk_redact(new_j);
                IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
                    op := 'delete'; who := NEW.deleted_by;
                ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
                    op := 'restore'; who := NEW.updated_by;
                ELSE
                    op := 'update'; who := NEW.updated_by;
                END IF;
            ELSE
                op := 'hard_delete'; who := current_user; rid := OLD.id; old_j := fk_redact(to_jsonb(OLD) - skip);
            END IF;
            INSERT INTO audit_log (table_name, row_id, operation, old_data, new_data, changed_by, changed_at)
            VALUES (TG_TABLE_NAME, rid, op, old_j, new_j, who, now());
            RETURN NULL;
        END $fn$;
        """;

    public const string Functions = $$"""
        CREATE OR REPLACE FUNCTION fk_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END $fn$;

        -- Secrets never reach the history: a changed password shows as changed, not as its hash.
        CREATE OR REPLACE FUNCTION fk_redact(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
            SELECT CASE WHEN j IS NULL THEN NULL ELSE (
                SELECT coalesce(jsonb_object_agg(key,
                    CASE WHEN key IN ('password_hash', 'security_stamp') THEN '"(secret)"'::jsonb ELSE value END), '{}'::jsonb)
                  FROM jsonb_each(j)) END
        $fn$;

        {{AuditFunction}}
        CREATE OR REPLACE FUNCTION fk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
            r record;
        BEGIN
            IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
            PERFORM pg_notify('fieldkit_changes', json_build_object(
                'table', TG_TABLE_NAME, 'id', r.id, 'op', lower(TG_OP),
                'by', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE r.updated_by END)::text);
            RETURN NULL;
        END $fn$;
        """;

    /// <summary>
    /// Keeps <paramref name="columns"/> of <paramref name="table"/> out of audit_log (its audit trigger passes them to
    /// fk_audit): for large binaries and bulky payloads that already live in their own row.
    /// </summary>
    public static void ExcludeFromAudit(this MigrationBuilder migrationBuilder, string table, params string[] columns)
    {
        var args = string.Join(", ", columns.Select(c => $"'{c}'"));
        migrationBuilder.Sql($"""
            DROP TRIGGER IF EXISTS {table}_audit ON {table};
            CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION fk_audit({args});
            """);
    }

    /// <summary>Installs the three triggers on each table; call from every migration that creates a business table.</summary>
    public static void InstallTriggers(this MigrationBuilder migrationBuilder, params string[] tables)
    {
        foreach (var t in tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER {t}_set_updated_at BEFORE UPDATE ON {t}
                    FOR EACH ROW EXECUTE FUNCTION fk_set_updated_at();
                CREATE TRIGGER {t}_audit AFTER INSERT OR UPDATE OR DELETE ON {t}
                    FOR EACH ROW EXECUTE FUNCTION fk_audit();
                CREATE TRIGGER {t}_notify AFTER INSERT OR UPDATE OR DELETE ON {t}
                    FOR EACH ROW EXECUTE FUNCTION fk_notify_change();
                """);
        }
    }
}
