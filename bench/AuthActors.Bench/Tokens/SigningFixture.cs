using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthActors.Node.Tokens;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;

namespace AuthActors.Bench.Tokens;

/// <summary>
/// A signing key ring on a SQLite file in a temporary directory, the issuer and validator on it, one issued token,
/// and the same token's signing input, signature and public key taken apart for a bare ES256 verify.
/// </summary>
internal sealed class SigningFixture : IDisposable
{
    private readonly TemporaryDirectory directory;
    private readonly SigningKeyRing ring;

    private SigningFixture(TemporaryDirectory directory, SigningKeyRing ring)
    {
        this.directory = directory;
        this.ring = ring;
        var options = new TokenOptions();
        ResourceServer = new JwksResourceServer(ring.Current.Jwks, options);
        Issuer = new AccessTokenIssuer(ring, options, TimeProvider.System);
        Validator = new AccessTokenValidator(ring, options, TimeProvider.System);
        Token = Issuer.Issue("bench-user", "bench-session", ["user"]).Token;
        var secondDot = Token.LastIndexOf('.');
        SigningInput = Encoding.ASCII.GetBytes(Token[..secondDot]);
        Signature = Base64Url.DecodeFromChars(Token.AsSpan(secondDot + 1));
        PublicKey = PublicKeyOf(ring.Current);
    }

    public AccessTokenIssuer Issuer { get; }

    public AccessTokenValidator Validator { get; }

    /// <summary>Another service's validator, built from the ring's published JWKS alone.</summary>
    public JwksResourceServer ResourceServer { get; }

    /// <summary>A valid access token, as the gateway issues them.</summary>
    public string Token { get; }

    /// <summary>The token's <c>header.payload</c>, the bytes its signature covers.</summary>
    public byte[] SigningInput { get; }

    /// <summary>The token's signature: r and s, 32 bytes each (IEEE P1363, as JWS has it).</summary>
    public byte[] Signature { get; }

    /// <summary>The signing key's public parameters, read from the ring's JWKS as any verifier would.</summary>
    public ECParameters PublicKey { get; }

    public static async Task<SigningFixture> OpenAsync()
    {
        var directory = new TemporaryDirectory();
        try
        {
            var database = await SqliteDatabase.OpenAsync(
                new SqliteStorageOptions { DatabasePath = Path.Combine(directory.Path, "keys.db") }, CancellationToken.None);
            var ring = await SigningKeyRing.OpenAsync(
                new SqliteSigningKeyStore(database),
                new SigningKeyProtector(RandomNumberGenerator.GetBytes(32)),
                new TokenOptions(),
                TimeProvider.System,
                CancellationToken.None);
            return new SigningFixture(directory, ring);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ring.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private static ECParameters PublicKeyOf(SigningKeySet keys)
    {
        using var jwks = JsonDocument.Parse(keys.Jwks);
        var key = jwks.RootElement.GetProperty("keys").EnumerateArray()
            .Single(k => k.GetProperty("kid").GetString() == keys.SignerKid);
        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()),
            },
        };
    }
}
