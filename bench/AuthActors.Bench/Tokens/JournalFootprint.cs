using Microsoft.Data.Sqlite;

namespace AuthActors.Bench.Tokens;

/// <summary>What the gateway journalled in a span of time: events by type and snapshots, read after it stopped.</summary>
internal sealed record JournalFootprint(IReadOnlyList<(string Manifest, long Count)> Events, long Snapshots)
{
    public long EventCount => Events.Sum(e => e.Count);

    /// <summary>Reads the gateway's SQLite file for rows stamped between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static JournalFootprint Read(string databasePath, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        var events = new List<(string, long)>();
        using (var byManifest = connection.CreateCommand())
        {
            byManifest.CommandText = """
                SELECT manifest, COUNT(*) FROM event_journal
                WHERE timestamp >= $from AND timestamp < $to
                GROUP BY manifest ORDER BY COUNT(*) DESC;
                """;
            byManifest.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            byManifest.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            using var reader = byManifest.ExecuteReader();
            while (reader.Read())
            {
                events.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        using var snapshots = connection.CreateCommand();
        snapshots.CommandText = "SELECT COUNT(*) FROM snapshot_store WHERE timestamp >= $from AND timestamp < $to;";
        snapshots.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        snapshots.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        return new JournalFootprint(events, (long)snapshots.ExecuteScalar()!);
    }

    /// <summary>Events by type, e.g. <c>SessionRefreshed 1.00</c>, per <paramref name="operations"/>.</summary>
    public string PerOperation(long operations) => operations == 0 || Events.Count == 0
        ? "none"
        : string.Join(", ", Events.Select(e => $"{e.Manifest} {e.Count / (double)operations:N2}"));
}
