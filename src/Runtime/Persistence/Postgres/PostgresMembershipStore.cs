using AuthActors.Runtime.Cluster;
using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// The members table on PostgreSQL, for nodes on several machines. Every time is the server's <c>now()</c>: the nodes'
/// clocks differ, the server's is the one they all see.
/// </summary>
public sealed class PostgresMembershipStore(PostgresDatabase database) : IMembershipStore
{
    private readonly PostgresDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<Member> JoinAsync(string node, string address, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateJoin(node, address);
        var storedRoles = MemberRows.JoinRoles(roles);
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var join = new NpgsqlCommand(
                """
                INSERT INTO members (node, address, roles, status, started_at, heartbeat_at)
                VALUES (@node, @address, @roles, 'joining', now(), now())
                RETURNING incarnation, started_at;
                """,
                connection);
            join.AddText("node", node);
            join.AddText("address", address);
            join.AddText("roles", storedRoles);
            await using var reader = await join.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var startedAt = PostgresTimestamps.FromStored(reader.GetDateTime(1));
            return new Member(
                new MemberId(node, reader.GetInt64(0)), address, MemberRows.SplitRoles(storedRoles), MemberStatus.Joining, startedAt, startedAt);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset> HeartbeatAsync(MemberId member, TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            // One statement decides and writes (the row is locked for the update): a member already stale is marked
            // down, never revived, because others may have seen it down and taken its shards.
            await using var beat = new NpgsqlCommand(
                """
                UPDATE members SET
                    status = CASE WHEN status IN ('down', 'removed') THEN status
                                  WHEN heartbeat_at < now() - @down_after THEN 'down'
                                  ELSE status END,
                    heartbeat_at = CASE WHEN status IN ('down', 'removed') OR heartbeat_at < now() - @down_after THEN heartbeat_at
                                        ELSE now() END
                WHERE incarnation = @incarnation AND node = @node
                RETURNING status, heartbeat_at;
                """,
                connection);
            beat.AddMember(member);
            beat.AddInterval("down_after", downAfter);
            await using var reader = await beat.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new MemberDownException(member, null);
            }

            var status = MemberRows.ParseStatus(reader.GetString(0));
            return MemberRows.IsFinal(status)
                ? throw new MemberDownException(member, status)
                : PostgresTimestamps.FromStored(reader.GetDateTime(1));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetStatusAsync(MemberId member, MemberStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var name = MemberRows.StatusName(status);
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var set = new NpgsqlCommand(
                """
                UPDATE members SET status = @status
                WHERE incarnation = @incarnation AND node = @node AND status NOT IN ('down', 'removed');
                """,
                connection);
            set.AddText("status", name);
            set.AddMember(member);
            if (await set.ExecuteNonQueryAsync(cancellationToken) == 0 && !MemberRows.IsFinal(status))
            {
                await using var read = new NpgsqlCommand(
                    "SELECT status FROM members WHERE incarnation = @incarnation AND node = @node;", connection);
                read.AddMember(member);
                var stored = await read.ExecuteScalarAsync(cancellationToken) as string;
                throw new MemberDownException(member, stored is null ? null : MemberRows.ParseStatus(stored));
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MembershipSnapshot> ReadAsync(TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var read = new NpgsqlCommand(
                """
                SELECT now(), m.incarnation, m.node, m.address, m.roles, m.status, m.started_at, m.heartbeat_at,
                       m.heartbeat_at < now() - @down_after
                FROM (SELECT 1) AS clock LEFT JOIN members m ON true
                ORDER BY m.incarnation;
                """,
                connection);
            read.AddInterval("down_after", downAfter);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var members = new List<Member>();
            var now = DateTimeOffset.UnixEpoch;
            while (await reader.ReadAsync(cancellationToken))
            {
                now = PostgresTimestamps.FromStored(reader.GetDateTime(0));
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                var status = MemberRows.ParseStatus(reader.GetString(5));
                if (!MemberRows.IsFinal(status) && reader.GetBoolean(8))
                {
                    status = MemberStatus.Down;
                }

                members.Add(new Member(
                    new MemberId(reader.GetString(2), reader.GetInt64(1)),
                    reader.GetString(3),
                    MemberRows.SplitRoles(reader.GetString(4)),
                    status,
                    PostgresTimestamps.FromStored(reader.GetDateTime(6)),
                    PostgresTimestamps.FromStored(reader.GetDateTime(7))));
            }

            return new MembershipSnapshot(now, members);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RemoveStaleAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateDuration(olderThan, nameof(olderThan));
        return PostgresClusterCommands.RunAsync(database, async connection =>
        {
            await using var remove = new NpgsqlCommand("DELETE FROM members WHERE heartbeat_at < now() - @older_than;", connection);
            remove.AddInterval("older_than", olderThan);
            return await remove.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
