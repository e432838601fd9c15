using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>A real SQLite database file in a temporary directory, shared by one test class and deleted afterwards.</summary>
public sealed class SqliteFixture : IAsyncLifetime
{
    /// <summary>The temporary directory; the database sits in a subdirectory that OpenAsync must create.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "authactors-sqlite-" + Guid.NewGuid().ToString("N"));

    public SqliteDatabase Database { get; private set; } = null!;

    public SqliteStorageOptions Options(string fileName = "journal.db") =>
        new() { DatabasePath = Path.Combine(Root, "data", fileName) };

    public async ValueTask InitializeAsync() =>
        Database = await SqliteDatabase.OpenAsync(Options(), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the files open; close the idle ones before deleting.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
