using System.Diagnostics;
using System.Globalization;
using FieldKit.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FieldKit.Tests.Operations;

/// <summary>
/// The restore drill as a test: scripts/fieldkit-backup against the test cluster, scripts/fieldkit-restore
/// into a cluster of its own, then every table compared by row count and checksum.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class BackupRestoreTests(DataFixture fx, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("fieldkit-backup-test-").FullName;
    private static string Script(string name) => Path.Combine(TestConfiguration.RepositoryRoot, "scripts", name);

    public Task InitializeAsync() => fx.ResetToDemoAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(string Identity, string Recipients)> KeysAsync()
    {
        var identity = Path.Combine(_work, "identity.txt");
        await OpsTools.RunOkAsync("age-keygen", ["-o", identity]);
        var publicKey = (await OpsTools.RunOkAsync("age-keygen", ["-y", identity])).StdOut;
        var recipients = Path.Combine(_work, "recipients.txt");
        await File.WriteAllTextAsync(recipients, publicKey);
        return (identity, recipients);
    }

    [Fact]
    public async Task Backup_then_restore_into_a_fresh_cluster_gives_back_every_row_of_every_database()
    {
        var (identity, recipients) = await KeysAsync();
        var backups = Path.Combine(_work, "backups");
        var env = OpsTools.PgEnv(TestConfiguration.Port);
        env["FIELDKIT_BACKUP_DIR"] = backups;
        env["FIELDKIT_BACKUP_RECIPIENTS_FILE"] = recipients;

        var clock = Stopwatch.StartNew();
        await OpsTools.RunOkAsync(Script("fieldkit-backup"), [], env);
        var backupTime = clock.Elapsed;

        var folder = Assert.Single(Directory.GetDirectories(backups));
        var manifest = (await File.ReadAllLinesAsync(Path.Combine(folder, "MANIFEST"))).Where(l => !l.StartsWith('#')).ToList();
        var files = manifest.Select(l => l.Split("  ")).ToDictionary(p => p[2], p => (Sha: p[0], Size: long.Parse(p[1], CultureInfo.InvariantCulture)));
        Assert.Equal(OpsTools.Databases.Select(d => $"{d}.dump.age").Append("globals.sql.age").Order(), files.Keys.Order());
        foreach (var (file, (sha, size)) in files)
        {
            var path = Path.Combine(folder, file);
            Assert.Equal(size, new FileInfo(path).Length);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            // Encrypted: an age file, not a readable pg_dump archive.
            Assert.StartsWith("age-encryption.org/v1", System.Text.Encoding.ASCII.GetString(bytes, 0, 21));
        }
        output.WriteLine($"backup of demo data: {files.Values.Sum(f => f.Size):N0} bytes in {backupTime.TotalSeconds:F1} s");

        await using var target = await ThrowawayCluster.CreateAsync();
        var targetEnv = OpsTools.PgEnv(target.Port);
        clock.Restart();
        await OpsTools.RunOkAsync(Script("fieldkit-restore"), ["--from", folder, "--identity", identity, "--all", "--with-globals"], targetEnv);
        output.WriteLine($"restore of all five databases into a fresh cluster: {clock.Elapsed.TotalSeconds:F1} s");

        foreach (var db in OpsTools.Databases)
        {
            var source = await OpsTools.TableChecksumsAsync(TestConfiguration.ConnectionString(db));
            var restored = await OpsTools.TableChecksumsAsync(target.ConnectionString(db));
            Assert.True(source.Count > 5, $"{db} has only {source.Count} tables");
            Assert.Equal(source, restored);
        }
        // The demo data is not empty: the comparison compared rows, not just empty tables.
        var customers = (await OpsTools.TableChecksumsAsync(target.ConnectionString("fieldkit_kleanit_charlotte")))["customers"];
        Assert.False(customers.StartsWith("0:", StringComparison.Ordinal), customers);

        // One company into a named target, beside the live one; an existing target is refused without --replace.
        await OpsTools.RunOkAsync(Script("fieldkit-restore"),
            ["--from", folder, "--identity", identity, "--company", "kleanit_charlotte", "--into", "drill_kleanit_charlotte"], targetEnv);
        Assert.Equal(await OpsTools.TableChecksumsAsync(TestConfiguration.ConnectionString("fieldkit_kleanit_charlotte")),
            await OpsTools.TableChecksumsAsync(target.ConnectionString("drill_kleanit_charlotte")));
        var again = await OpsTools.RunAsync(Script("fieldkit-restore"),
            ["--from", folder, "--identity", identity, "--company", "kleanit_charlotte", "--into", "drill_kleanit_charlotte"], targetEnv);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("exists", again.StdErr);
    }

    [Fact]
    public async Task Backup_fails_loudly_and_leaves_nothing_when_a_database_is_missing_or_no_key_is_configured()
    {
        var (_, recipients) = await KeysAsync();
        var backups = Path.Combine(_work, "backups");
        var env = OpsTools.PgEnv(TestConfiguration.Port);
        env["FIELDKIT_BACKUP_DIR"] = backups;

        var noKey = await OpsTools.RunAsync(Script("fieldkit-backup"), [], env);
        Assert.NotEqual(0, noKey.ExitCode);
        Assert.Contains("FIELDKIT_BACKUP_RECIPIENTS_FILE", noKey.StdErr);

        env["FIELDKIT_BACKUP_RECIPIENTS_FILE"] = recipients;
        env["FIELDKIT_DATABASES"] = "fieldkit_core fieldkit_no_such_company";
        var missing = await OpsTools.RunAsync(Script("fieldkit-backup"), [], env);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("FAILED", missing.StdErr);
        Assert.Empty(Directory.GetDirectories(backups));
    }

    [Fact]
    public async Task Pruning_keeps_14_daily_8_weekly_and_12_monthly()
    {
        // Thirteen months of nightly backups (and a second one on some days).
        var backups = Path.Combine(_work, "backups");
        var newest = new DateOnly(2026, 11, 26);
        var all = new List<DateOnly>();
        for (var day = newest.AddDays(-400); day <= newest; day = day.AddDays(1))
        {
            all.Add(day);
            Directory.CreateDirectory(Path.Combine(backups, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "T023000Z"));
            if (day.Day == 15)
                Directory.CreateDirectory(Path.Combine(backups, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "T140000Z"));
        }
        await OpsTools.RunOkAsync(Script("fieldkit-backup"), ["--prune-only"],
            new Dictionary<string, string> { ["FIELDKIT_BACKUP_DIR"] = backups });

        // Expected: the newest backup of each of the newest 14 days, 8 ISO weeks and 12 months.
        var newestFirst = all.OrderDescending().ToList();
        var keep = new HashSet<DateOnly>();
        keep.UnionWith(newestFirst.Take(14));
        keep.UnionWith(newestFirst.GroupBy(d => ISOWeek.GetYear(d.ToDateTime(TimeOnly.MinValue)) * 100 + ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)))
            .Take(8).Select(g => g.First()));
        keep.UnionWith(newestFirst.GroupBy(d => d.Year * 100 + d.Month).Take(12).Select(g => g.First()));

        var left = Directory.GetDirectories(backups).Select(d => Path.GetFileName(d)!).Order().ToList();
        var expected = keep.Select(d => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (d.Day == 15 ? "T140000Z" : "T023000Z")).Order().ToList();
        Assert.Equal(expected, left);
        Assert.InRange(left.Count, 14, 14 + 8 + 12);
    }
}
