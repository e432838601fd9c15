using AuthActors.Runtime.Cluster;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>The members table on SQLite, for processes sharing one database file on one machine (SQLite's clock).</summary>
public sealed class SqliteMembershipStore(SqliteDatabase database) : IMembershipStore
{
    private const string Now = SqliteClock.NowMs;

    private readonly SqliteDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public Task<Member> JoinAsync(string node, string address, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateJoin(node, address);
        var storedRoles = MemberRows.JoinRoles(roles);
        return RunAsync(async connection =>
        {
            using var join = connection.CreateCommand();
            join.CommandText = $"""
                INSERT INTO members (node, address, roles, status, started_at, heartbeat_at)
                VALUES ($node, $address, $roles, 'joining', {Now}, {Now})
                RETURNING incarnation, started_at;
                """;
            join.Parameters.Add("$node", SqliteType.Text).Value = node;
            join.Parameters.Add("$address", SqliteType.Text).Value = address;
            join.Parameters.Add("$roles", SqliteType.Text).Value = storedRoles;
            using var reader = await join.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var startedAt = SqliteClock.Read(reader.GetInt64(1));
            return new Member(
                new MemberId(node, reader.GetInt64(0)), address, MemberRows.SplitRoles(storedRoles), MemberStatus.Joining, startedAt, startedAt);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset> HeartbeatAsync(MemberId member, TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return RunAsync(async connection =>
        {
            // One statement decides and writes: a member already stale is marked down, never revived, because others
            // may have seen it down and taken its shards.
            using var beat = connection.CreateCommand();
            beat.CommandText = $"""
                UPDATE members SET
                    status = CASE WHEN status IN ('down', 'removed') THEN status
                                  WHEN heartbeat_at < {Now} - $down_after THEN 'down'
                                  ELSE status END,
                    heartbeat_at = CASE WHEN status IN ('down', 'removed') OR heartbeat_at < {Now} - $down_after THEN heartbeat_at
                                        ELSE {Now} END
                WHERE incarnation = $incarnation AND node = $node
                RETURNING status, heartbeat_at;
                """;
            beat.Parameters.Add("$incarnation", SqliteType.Integer).Value = member.Incarnation;
            beat.Parameters.Add("$node", SqliteType.Text).Value = member.Node;
            beat.Parameters.Add("$down_after", SqliteType.Integer).Value = SqliteClock.Ms(downAfter);
            using var reader = await beat.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new MemberDownException(member, null);
            }

            var status = MemberRows.ParseStatus(reader.GetString(0));
            return MemberRows.IsFinal(status) ? throw new MemberDownException(member, status) : SqliteClock.Read(reader.GetInt64(1));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetStatusAsync(MemberId member, MemberStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var name = MemberRows.StatusName(status);
        return RunAsync(async connection =>
        {
            using var set = connection.CreateCommand();
            set.CommandText = """
                UPDATE members SET status = $status
                WHERE incarnation = $incarnation AND node = $node AND status NOT IN ('down', 'removed');
                """;
            set.Parameters.Add("$status", SqliteType.Text).Value = name;
            set.Parameters.Add("$incarnation", SqliteType.Integer).Value = member.Incarnation;
            set.Parameters.Add("$node", SqliteType.Text).Value = member.Node;
            if (await set.ExecuteNonQueryAsync(cancellationToken) == 0 && !MemberRows.IsFinal(status))
            {
                throw new MemberDownException(member, await ReadStatusAsync(connection, member, cancellationToken));
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MembershipSnapshot> ReadAsync(TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateDuration(downAfter, nameof(downAfter));
        return RunAsync(async connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = $"""
                WITH clock (now) AS (SELECT {Now})
                SELECT clock.now, m.incarnation, m.node, m.address, m.roles, m.status, m.started_at, m.heartbeat_at
                FROM clock LEFT JOIN members m ON 1 = 1
                ORDER BY m.incarnation;
                """;
            using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var members = new List<Member>();
            var now = 0L;
            while (await reader.ReadAsync(cancellationToken))
            {
                now = reader.GetInt64(0);
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                var heartbeatAt = reader.GetInt64(7);
                var status = MemberRows.ParseStatus(reader.GetString(5));
                if (!MemberRows.IsFinal(status) && heartbeatAt < now - SqliteClock.Ms(downAfter))
                {
                    status = MemberStatus.Down;
                }

                members.Add(new Member(
                    new MemberId(reader.GetString(2), reader.GetInt64(1)),
                    reader.GetString(3),
                    MemberRows.SplitRoles(reader.GetString(4)),
                    status,
                    SqliteClock.Read(reader.GetInt64(6)),
                    SqliteClock.Read(heartbeatAt)));
            }

            return new MembershipSnapshot(SqliteClock.Read(now), members);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RemoveStaleAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ClusterArguments.ValidateDuration(olderThan, nameof(olderThan));
        return RunAsync(async connection =>
        {
            using var remove = connection.CreateCommand();
            remove.CommandText = $"DELETE FROM members WHERE heartbeat_at < {Now} - $older_than;";
            remove.Parameters.Add("$older_than", SqliteType.Integer).Value = SqliteClock.Ms(olderThan);
            return await remove.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static async Task<MemberStatus?> ReadStatusAsync(SqliteConnection connection, MemberId member, CancellationToken cancellationToken)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT status FROM members WHERE incarnation = $incarnation AND node = $node;";
        read.Parameters.Add("$incarnation", SqliteType.Integer).Value = member.Incarnation;
        read.Parameters.Add("$node", SqliteType.Text).Value = member.Node;
        return await read.ExecuteScalarAsync(cancellationToken) is string name ? MemberRows.ParseStatus(name) : null;
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
