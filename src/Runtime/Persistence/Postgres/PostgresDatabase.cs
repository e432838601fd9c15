using System.Diagnostics;
using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// One PostgreSQL database shared by the nodes: a pool of connections with <c>synchronous_commit=on</c>, its schema
/// kept current by migrations at open.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource dataSource;

    private PostgresDatabase(PostgresStorageOptions options)
    {
        Options = options;
        Location = options.Describe();
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        // Durable means on disk: a commit returns only once its WAL is flushed, whatever the server's default is.
        // The journal's statements are few and repeated, so Npgsql prepares them on each physical connection.
        builder.ConnectionStringBuilder.Options = AppendOption(builder.ConnectionStringBuilder.Options, "-c synchronous_commit=on");
        // Every lock wait is bounded, and a transaction left open by a frozen or cut-off process is ended by the
        // server: neither can hold a lease row, and with it a shard's takeover, for ever.
        builder.ConnectionStringBuilder.Options = AppendOption(
            builder.ConnectionStringBuilder.Options,
            FormattableString.Invariant($"-c lock_timeout={(long)options.LockTimeout.TotalMilliseconds}")
            + FormattableString.Invariant($" -c idle_in_transaction_session_timeout={(long)options.IdleInTransactionTimeout.TotalMilliseconds}"));
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 16;
        }

        dataSource = builder.Build();
    }

    /// <summary>The validated options this database was opened with.</summary>
    public PostgresStorageOptions Options { get; }

    /// <summary>Host, port and database (never the password), for logs and errors.</summary>
    public string Location { get; }

    /// <summary>
    /// Connects and applies pending migrations, retrying with backoff while the server is unreachable, for up to
    /// <see cref="PostgresStorageOptions.ConnectTimeout"/>. Safe to run from several processes at once.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The server stayed unreachable until the deadline.</exception>
    public static async Task<PostgresDatabase> OpenAsync(PostgresStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = new PostgresDatabase(options.Validated());
        try
        {
            await database.MigrateWithRetryAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a pooled connection.</summary>
    /// <exception cref="StorageUnavailableException">The server cannot be reached.</exception>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure))
        {
            ConnectionLost();
            throw new StorageUnavailableException($"{Location} is unavailable: {failure.Message}", failure);
        }
    }

    /// <summary>
    /// Drops the idle pooled connections after a connection failure: after a server restart they are all dead, and
    /// handing them out one by one would fail one request each.
    /// </summary>
    internal void ConnectionLost() => dataSource.Clear();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task MigrateWithRetryAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using (connection)
                {
                    await PostgresMigrations.ApplyAsync(connection, cancellationToken);
                    return;
                }
            }
            catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure) && !cancellationToken.IsCancellationRequested)
            {
                dataSource.Clear();
                if (clock.Elapsed + delay > Options.ConnectTimeout)
                {
                    throw new StorageUnavailableException(
                        $"{Location} stayed unreachable for {clock.Elapsed.TotalSeconds:0.#} s ({attempt} attempts; "
                        + $"storage.postgres.connect-timeout is {Options.ConnectTimeout}): {failure.Message}",
                        failure);
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
    }

    private static string AppendOption(string? existing, string option) =>
        string.IsNullOrWhiteSpace(existing) ? option : existing + " " + option;
}
