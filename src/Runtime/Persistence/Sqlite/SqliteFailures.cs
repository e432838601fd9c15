using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>Which SQLite errors mean "the storage is not usable right now" rather than a bug in a statement.</summary>
internal static class SqliteFailures
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CannotOpen = 14;

    /// <summary>Whether another connection (or process) holds the lock the statement needed.</summary>
    public static bool IsBusy(SqliteException failure) => failure.SqliteErrorCode is Busy or Locked;

    /// <summary>The failure as a <see cref="StorageUnavailableException"/> when it is one, else unchanged.</summary>
    public static Exception Classify(Exception failure) =>
        failure is SqliteException { SqliteErrorCode: Busy or Locked or IoError or Full or CannotOpen } sqlite
            ? new StorageUnavailableException($"SQLite storage unavailable: {sqlite.Message}", sqlite)
            : failure;
}
