namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// SQLite's own clock in SQL, for the cluster tables: on one machine it is the clock every process shares, and
/// <c>'now'</c> is the same value throughout one statement.
/// </summary>
internal static class SqliteClock
{
    /// <summary>The current unix time in milliseconds, as an SQL expression.</summary>
    public const string NowMs = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";

    public static long Ms(TimeSpan duration) => (long)duration.TotalMilliseconds;

    public static DateTimeOffset Read(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
