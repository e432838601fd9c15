using AuthActors.Runtime.Cluster;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// Shard leases on SQLite. Each operation is one statement, and SQLite runs one writer at a time, so two members
/// racing for a shard are serialised and the second sees the first's row: exactly one acquires.
/// </summary>
public sealed class SqliteShardLeaseStore(SqliteDatabase database) : IShardLeaseStore
{
    private const string Now = SqliteClock.NowMs;

    // A lease is free when released, expired, or held by a member that is not live by the members table. The
    // acquirer must itself be live (INSERT ... SELECT ... WHERE), so a node that was downed cannot take shards back
    // with a stale view. Every SET expression reads the row as it was, so the epoch test sees the old owner.
    private const string Acquire = $"""
        INSERT INTO shard_leases (region, shard, owner_node, owner_incarnation, epoch, expires_at)
        SELECT $region, $shard, $node, $incarnation, 1, {Now} + $ttl
        WHERE EXISTS (SELECT 1 FROM members a WHERE a.incarnation = $incarnation AND a.node = $node
                      AND a.status NOT IN ('down', 'removed') AND a.heartbeat_at >= {Now} - $down_after)
        ON CONFLICT (region, shard) DO UPDATE SET
            epoch = CASE WHEN owner_node = excluded.owner_node AND owner_incarnation = excluded.owner_incarnation
                          AND expires_at > {Now}
                         THEN epoch ELSE epoch + 1 END,
            owner_node = excluded.owner_node,
            owner_incarnation = excluded.owner_incarnation,
            expires_at = excluded.expires_at
        WHERE owner_node IS NULL
           OR expires_at <= {Now}
           OR (owner_node = excluded.owner_node AND owner_incarnation = excluded.owner_incarnation)
           OR NOT EXISTS (SELECT 1 FROM members m
                          WHERE m.incarnation = shard_leases.owner_incarnation AND m.node = shard_leases.owner_node
                            AND m.status NOT IN ('down', 'removed') AND m.heartbeat_at >= {Now} - $down_after)
        RETURNING epoch, expires_at;
        """;

    private readonly SqliteDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<ShardLease?> TryAcquireAsync(
        string region, int shard, MemberId owner, TimeSpan ttl, TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateLease(region, shard);
        ArgumentNullException.ThrowIfNull(owner);
        ClusterArguments.ValidateDuration(ttl, nameof(ttl));
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return RunAsync(async connection =>
        {
            using var acquire = connection.CreateCommand();
            acquire.CommandText = Acquire;
            AddLease(acquire, region, shard, owner);
            acquire.Parameters.Add("$ttl", SqliteType.Integer).Value = SqliteClock.Ms(ttl);
            acquire.Parameters.Add("$down_after", SqliteType.Integer).Value = SqliteClock.Ms(downAfter);
            using var reader = await acquire.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new ShardLease(region, shard, owner, reader.GetInt64(0), SqliteClock.Read(reader.GetInt64(1)))
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ShardLease?> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ClusterArguments.ValidateDuration(ttl, nameof(ttl));
        return RunAsync(async connection =>
        {
            using var renew = connection.CreateCommand();
            renew.CommandText = $"""
                UPDATE shard_leases SET expires_at = {Now} + $ttl
                WHERE region = $region AND shard = $shard AND owner_node = $node AND owner_incarnation = $incarnation
                  AND epoch = $epoch
                RETURNING expires_at;
                """;
            AddLease(renew, lease.Region, lease.Shard, lease.Owner);
            renew.Parameters.Add("$epoch", SqliteType.Integer).Value = lease.Epoch;
            renew.Parameters.Add("$ttl", SqliteType.Integer).Value = SqliteClock.Ms(ttl);
            return await renew.ExecuteScalarAsync(cancellationToken) is long expiresAt
                ? lease with { ExpiresAt = SqliteClock.Read(expiresAt) }
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(ShardLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return RunAsync(async connection =>
        {
            using var release = connection.CreateCommand();
            release.CommandText = $"""
                UPDATE shard_leases SET owner_node = NULL, owner_incarnation = NULL, expires_at = {Now}
                WHERE region = $region AND shard = $shard AND owner_node = $node AND owner_incarnation = $incarnation
                  AND epoch = $epoch;
                """;
            AddLease(release, lease.Region, lease.Shard, lease.Owner);
            release.Parameters.Add("$epoch", SqliteType.Integer).Value = lease.Epoch;
            return await release.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ShardLeaseTable> ReadAllAsync(string region, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return RunAsync(async connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = $"""
                WITH clock (now) AS (SELECT {Now})
                SELECT clock.now, l.shard, l.owner_node, l.owner_incarnation, l.epoch, l.expires_at
                FROM clock LEFT JOIN shard_leases l ON l.region = $region AND l.owner_node IS NOT NULL
                ORDER BY l.shard;
                """;
            read.Parameters.Add("$region", SqliteType.Text).Value = region;
            using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var leases = new List<ShardLease>();
            var now = 0L;
            while (await reader.ReadAsync(cancellationToken))
            {
                now = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    leases.Add(new ShardLease(
                        region,
                        reader.GetInt32(1),
                        new MemberId(reader.GetString(2), reader.GetInt64(3)),
                        reader.GetInt64(4),
                        SqliteClock.Read(reader.GetInt64(5))));
                }
            }

            return new ShardLeaseTable(SqliteClock.Read(now), leases);
        }, cancellationToken);
    }

    private static void AddLease(SqliteCommand command, string region, int shard, MemberId owner)
    {
        command.Parameters.Add("$region", SqliteType.Text).Value = region;
        command.Parameters.Add("$shard", SqliteType.Integer).Value = shard;
        command.Parameters.Add("$node", SqliteType.Text).Value = owner.Node;
        command.Parameters.Add("$incarnation", SqliteType.Integer).Value = owner.Incarnation;
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            try
            {
                return await work(connection);
            }
            catch (SqliteException failure) when (SqliteFailures.Classify(failure) is StorageUnavailableException unavailable)
            {
                throw unavailable;
            }
        }
    }
}
