using AuthActors.Runtime.Cluster;
using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>What the membership and lease stores share: typed parameters and connection-failure mapping.</summary>
internal static class PostgresClusterCommands
{
    public static void AddText(this NpgsqlCommand command, string name, string value) =>
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Text) { TypedValue = value });

    public static void AddBigint(this NpgsqlCommand command, string name, long value) =>
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    public static void AddInteger(this NpgsqlCommand command, string name, int value) =>
        command.Parameters.Add(new NpgsqlParameter<int>(name, NpgsqlDbType.Integer) { TypedValue = value });

    public static void AddInterval(this NpgsqlCommand command, string name, TimeSpan value) =>
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>(name, NpgsqlDbType.Interval) { TypedValue = value });

    public static void AddMember(this NpgsqlCommand command, MemberId member)
    {
        command.AddText("node", member.Node);
        command.AddBigint("incarnation", member.Incarnation);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection; a lost connection becomes <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> RunAsync<T>(
        PostgresDatabase database, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            try
            {
                return await work(connection);
            }
            catch (Exception failure) when (failure is not OperationCanceledException && PostgresFailures.IsConnectionFailure(failure))
            {
                database.ConnectionLost();
                throw PostgresFailures.Classify(failure, database.Location);
            }
        }
    }
}
