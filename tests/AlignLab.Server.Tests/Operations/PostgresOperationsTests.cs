using AlignLab.Server.Operations;
using AlignLab.Server.Tests.Support;

namespace AlignLab.Server.Tests.Operations;

/// <summary>The A/B and history acceptance points on a throw-away PostgreSQL (the replicas' shared store).</summary>
public sealed class PostgresOperationsTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task A_b_state_is_shared_by_two_gateways_on_one_postgres_database_and_survives_a_restart()
    {
        var db = await databases.CreateAsync();
        await AbExperimentTests.SharedAndSurvivesRestartAsync(o => o.AuditPostgresConnectionString = db);
    }

    [PostgresFact]
    public async Task The_history_round_trips_and_finds_versions_by_prefix()
    {
        var db = await databases.CreateAsync();
        await using var store = await PostgresOperationsStore.OpenAsync(db, CancellationToken.None);
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        await store.AppendVersionAsync(new PolicyVersionEntry(0, "a", "abcdef012345", "p", "startup", at, "startup", null, "file", "x: 1\n", "",
            null), CancellationToken.None);
        var second = await store.AppendVersionAsync(
            new PolicyVersionEntry(0, "a", "abcd99999999", "p", "ops", at.AddHours(1), "upload", "abcdef012345", "upload", "x: 2\n", "-x: 1\n+x: 2\n",
                null), CancellationToken.None);

        Assert.True(second.Seq > 0);
        Assert.Equal("abcdef012345", (await store.FindVersionAsync("abcdef", "a", CancellationToken.None))!.Version);
        Assert.Null(await store.FindVersionAsync("ffff", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FindVersionAsync("abcd", null, CancellationToken.None));
        var window = await store.HistoryAsync("a", at.AddMinutes(30), at.AddHours(2), 10, CancellationToken.None);
        Assert.Equal("abcd99999999", Assert.Single(window).Version);
        Assert.Equal(at.AddHours(1), window[0].At);
        Assert.Empty(await store.HistoryAsync(null, at.AddDays(1), at.AddDays(2), 10, CancellationToken.None));
    }
}
