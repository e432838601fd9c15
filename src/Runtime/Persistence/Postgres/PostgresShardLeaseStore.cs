using AuthActors.Runtime.Cluster;
using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// Shard leases on PostgreSQL, every time by the server's clock. The acquire is one INSERT ... ON CONFLICT DO UPDATE:
/// of members racing for one shard, the first locks the row (or inserts it), the others wait for that lock and then
/// test the winner's row, which is held, so exactly one acquires. Fenced journal batches hold FOR SHARE locks on the
/// lease rows they rely on, so a takeover's update waits for them (see <see cref="PostgresJournalWriter"/>).
/// </summary>
public sealed class PostgresShardLeaseStore(PostgresDatabase database) : IShardLeaseStore
{
    // A lease is free when released, expired, or held by a member that is not live by the members table. The
    // acquirer must itself be live, so a node that was downed cannot take shards back with a stale view. Every SET
    // expression reads the row as it was before the update, so the epoch test sees the old owner.
    private const string Acquire = """
        INSERT INTO shard_leases AS l (region, shard, owner_node, owner_incarnation, epoch, expires_at)
        SELECT @region, @shard, @node, @incarnation, 1, now() + @ttl
        WHERE EXISTS (SELECT 1 FROM members a WHERE a.incarnation = @incarnation AND a.node = @node
                      AND a.status NOT IN ('down', 'removed') AND a.heartbeat_at >= now() - @down_after)
        ON CONFLICT (region, shard) DO UPDATE SET
            epoch = CASE WHEN l.owner_node = EXCLUDED.owner_node AND l.owner_incarnation = EXCLUDED.owner_incarnation
                          AND l.expires_at > now()
                         THEN l.epoch ELSE l.epoch + 1 END,
            owner_node = EXCLUDED.owner_node,
            owner_incarnation = EXCLUDED.owner_incarnation,
            expires_at = EXCLUDED.expires_at
        WHERE l.owner_node IS NULL
           OR l.expires_at <= now()
           OR (l.owner_node = EXCLUDED.owner_node AND l.owner_incarnation = EXCLUDED.owner_incarnation)
           OR NOT EXISTS (SELECT 1 FROM members m
                          WHERE m.incarnation = l.owner_incarnation AND m.node = l.owner_node
                            AND m.status NOT IN ('down', 'removed') AND m.heartbeat_at >= now() - @down_after)
        RETURNING epoch, expires_at;
        """;

    private readonly PostgresDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<ShardLease?> TryAcquireAsync(
        string region, int shard, MemberId owner, TimeSpan ttl, TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateLease(region, shard);
        ArgumentNullException.ThrowIfNull(owner);
        ClusterArguments.ValidateDuration(ttl, nameof(ttl));
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var acquire = new NpgsqlCommand(Acquire, connection);
            AddLease(acquire, region, shard, owner);
            acquire.AddInterval("ttl", ttl);
            acquire.AddInterval("down_after", downAfter);
            try
            {
                await using var reader = await acquire.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken)
                    ? new ShardLease(region, shard, owner, reader.GetInt64(0), PostgresTimestamps.FromStored(reader.GetDateTime(1)))
                    : null;
            }
            catch (PostgresException locked) when (locked.SqlState == PostgresFailures.LockNotAvailable)
            {
                // The row is locked past lock_timeout (a batch of the former owner still in flight, or frozen until
                // the server ends its transaction): not acquired now; the keeper tries again on its next round.
                return null;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ShardLease?> RenewAsync(ShardLease lease, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ClusterArguments.ValidateDuration(ttl, nameof(ttl));
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var renew = new NpgsqlCommand(
                """
                UPDATE shard_leases SET expires_at = now() + @ttl
                WHERE region = @region AND shard = @shard AND owner_node = @node AND owner_incarnation = @incarnation
                  AND epoch = @epoch
                RETURNING expires_at;
                """,
                connection);
            AddLease(renew, lease.Region, lease.Shard, lease.Owner);
            renew.AddBigint("epoch", lease.Epoch);
            renew.AddInterval("ttl", ttl);
            return await renew.ExecuteScalarAsync(cancellationToken) is DateTime expiresAt
                ? lease with { ExpiresAt = PostgresTimestamps.FromStored(expiresAt) }
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(ShardLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var release = new NpgsqlCommand(
                """
                UPDATE shard_leases SET owner_node = NULL, owner_incarnation = NULL, expires_at = now()
                WHERE region = @region AND shard = @shard AND owner_node = @node AND owner_incarnation = @incarnation
                  AND epoch = @epoch;
                """,
                connection);
            AddLease(release, lease.Region, lease.Shard, lease.Owner);
            release.AddBigint("epoch", lease.Epoch);
            return await release.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ShardLeaseTable> ReadAllAsync(string region, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var read = new NpgsqlCommand(
                """
                SELECT now(), l.shard, l.owner_node, l.owner_incarnation, l.epoch, l.expires_at
                FROM (SELECT 1) AS clock
                LEFT JOIN shard_leases l ON l.region = @region AND l.owner_node IS NOT NULL
                ORDER BY l.shard;
                """,
                connection);
            read.AddText("region", region);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var leases = new List<ShardLease>();
            var now = DateTimeOffset.UnixEpoch;
            while (await reader.ReadAsync(cancellationToken))
            {
                now = PostgresTimestamps.FromStored(reader.GetDateTime(0));
                if (!reader.IsDBNull(1))
                {
                    leases.Add(new ShardLease(
                        region,
                        reader.GetInt32(1),
                        new MemberId(reader.GetString(2), reader.GetInt64(3)),
                        reader.GetInt64(4),
                        PostgresTimestamps.FromStored(reader.GetDateTime(5))));
                }
            }

            return new ShardLeaseTable(now, leases);
        }, cancellationToken);
    }

    private static void AddLease(NpgsqlCommand command, string region, int shard, MemberId owner)
    {
        command.AddText("region", region);
        command.AddInteger("shard", shard);
        command.AddMember(owner);
    }
}
