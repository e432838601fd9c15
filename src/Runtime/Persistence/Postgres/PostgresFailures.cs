using System.Net.Sockets;
using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>Which Npgsql errors mean "the server is not reachable right now" rather than a refused statement.</summary>
internal static class PostgresFailures
{
    public const string UniqueViolation = "23505";

    /// <summary>A statement waited longer than <c>lock_timeout</c> for a row lock.</summary>
    public const string LockNotAvailable = "55P03";

    /// <summary>
    /// True for failures of the connection itself: network errors, a server shutting down or starting, and
    /// connection-class SQL states (08xxx). A refused statement (constraint, syntax) is not one.
    /// </summary>
    public static bool IsConnectionFailure(Exception failure) => failure switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException => true,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The failure as a <see cref="StorageUnavailableException"/> when it is a connection failure, else unchanged.</summary>
    public static Exception Classify(Exception failure, string where) =>
        failure is not StorageUnavailableException && IsConnectionFailure(failure)
            ? new StorageUnavailableException($"{where} is unavailable: {failure.Message}", failure)
            : failure;
}
