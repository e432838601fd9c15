using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on its own connection, beside the journal writer, on a
/// fixed interval while the writer commits.
/// SQLite's own auto-checkpoint runs inside the commit that crosses its threshold (1,000 pages by default), so the
/// writer and every append waiting in its batch paid for it; under load that was a checkpoint every few commits,
/// each rewriting the same hot index pages. Here a checkpoint copies each page once per interval, however often it
/// changed, and runs while the writer goes on (a passive checkpoint takes no write lock). The connections'
/// auto-checkpoint stays on at a high threshold as a safety net should this loop fall behind or fail.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly SqliteDatabase database;
    private readonly Func<long> committedBatches;
    private readonly CancellationTokenSource stopping = new();
    private readonly PeriodicTimer timer;
    private readonly Task loop;
    private SqliteConnection? connection;
    private long checkpoints;

    /// <summary>Starts the loop; <paramref name="committedBatches"/> tells whether anything was written since the last tick.</summary>
    public WalCheckpointer(SqliteDatabase database, TimeSpan interval, Func<long> committedBatches)
    {
        this.database = database;
        this.committedBatches = committedBatches;
        timer = new PeriodicTimer(interval);
        loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints run so far (whether or not another process's checkpoint made this one give way).</summary>
    public long Checkpoints => Interlocked.Read(ref checkpoints);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        timer.Dispose();
        try
        {
            await loop;
        }
        finally
        {
            connection?.Dispose();
            stopping.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var checkpointedAt = committedBatches();
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                // A checkpoint that gave way or failed is tried again next tick: after the last commit of a burst no
                // new commit would bring it back, and the log would wait for the process to close.
                var committed = committedBatches();
                if (committed != checkpointedAt && Checkpoint())
                {
                    checkpointedAt = committed;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed: the writer's last commits are checkpointed by SQLite when its last connection closes.
        }
    }

    // True once the log was copied; false when it could not be now.
    private bool Checkpoint()
    {
        try
        {
            connection ??= database.OpenWriterConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
            Interlocked.Increment(ref checkpoints);
            return true;
        }
        catch (SqliteException failure) when (SqliteFailures.IsBusy(failure))
        {
            // Another process's checkpoint is running on the same file: it does the same work, but maybe not all of
            // this one's, so this one runs again next tick.
            return false;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The file is unusable right now (the writer reports that to its callers) or the connection could not
            // be opened: start over on a fresh connection next tick; the auto-checkpoint threshold bounds the log
            // meanwhile. Nothing here may end the loop.
            connection?.Dispose();
            connection = null;
            return false;
        }
    }
}
