using AuthActors.Node.Tokens;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Node.Tests.Tokens;

/// <summary>A real SQLite file in a temporary directory, a manual clock and a key-encryption key, for one test.</summary>
internal sealed class TokenTestBed : IAsyncDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly List<SigningKeyRing> rings = [];

    public ManualTimeProvider Clock { get; } = new();

    public TokenOptions Options { get; } = new();

    public byte[] KeyEncryptionKey { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public string DatabasePath => directory.File("authactors.db");

    public string DataDirectory => directory.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens the database (a fresh instance each call, as another process would) and its key store.</summary>
    public async Task<SqliteSigningKeyStore> OpenStoreAsync() =>
        new(await SqliteDatabase.OpenAsync(new SqliteStorageOptions { DatabasePath = DatabasePath }, Ct));

    /// <summary>A ring on a fresh connection to the test database.</summary>
    public async Task<SigningKeyRing> OpenRingAsync(byte[]? keyEncryptionKey = null)
    {
        var ring = await SigningKeyRing.OpenAsync(
            await OpenStoreAsync(), new SigningKeyProtector(keyEncryptionKey ?? KeyEncryptionKey), Options, Clock, Ct);
        rings.Add(ring);
        return ring;
    }

    public AccessTokenIssuer Issuer(SigningKeyRing ring, TokenOptions? options = null, TimeProvider? clock = null) =>
        new(ring, options ?? Options, clock ?? Clock);

    public AccessTokenValidator Validator(SigningKeyRing ring) => new(ring, Options, Clock);

    /// <summary>The bytes of the database and its WAL, as someone who copied the data directory would have them.</summary>
    public byte[] DatabaseBytes()
    {
        SqliteConnection.ClearAllPools();
        return [.. new[] { DatabasePath, DatabasePath + "-wal" }
            .Where(File.Exists)
            .SelectMany(path =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            })];
    }

    public ValueTask DisposeAsync()
    {
        foreach (var ring in rings)
        {
            ring.Dispose();
        }

        SqliteConnection.ClearAllPools();
        directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
