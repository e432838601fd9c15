namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// Timestamps are stored at millisecond precision, as SQLite stores them, so that both backends read back the same
/// instant for the same event.
/// </summary>
internal static class PostgresTimestamps
{
    public static DateTime ToStored(DateTimeOffset timestamp) =>
        DateTime.UnixEpoch.AddMilliseconds(timestamp.ToUnixTimeMilliseconds());

    public static DateTimeOffset FromStored(DateTime stored) =>
        new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
