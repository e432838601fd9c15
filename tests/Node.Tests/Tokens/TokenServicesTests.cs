using AuthActors.Node.Tokens;
using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Node.Tests.Tokens;

public sealed class TokenServicesTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly ManualTimeProvider clock = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    [Fact]
    public void Shared_conf_states_the_token_defaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(Path.Combine(RepositoryLayout.Root, "hocon", "shared.conf"))
            .Build();

        var options = configuration.GetSection("tokens").Get<TokenOptions>()!;

        options.Issuer.ShouldBe("http://localhost:8080");
        options.Audience.ShouldBe("authactors");
        options.AccessTokenLifetime.ShouldBe(TimeSpan.FromMinutes(10));
        options.ClockSkew.ShouldBe(TimeSpan.FromSeconds(30));
        options.Signing.RotateAfter.ShouldBe(TimeSpan.FromDays(30));
        options.Signing.ReloadEvery.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Hyphenated_keys_bind()
    {
        var file = directory.Write("t.conf", """
            tokens {
              access-token-lifetime = 5m
              clock-skew = 2s
              signing { rotate-after = 7d, reload-every = 10s, key-encryption-key = "abc" }
            }
            """);

        var options = new ConfigurationBuilder().AddHoconFile(file).Build().GetSection("tokens").Get<TokenOptions>()!;

        options.AccessTokenLifetime.ShouldBe(TimeSpan.FromMinutes(5));
        options.ClockSkew.ShouldBe(TimeSpan.FromSeconds(2));
        options.Signing.RotateAfter.ShouldBe(TimeSpan.FromDays(7));
        options.Signing.ReloadEvery.ShouldBe(TimeSpan.FromSeconds(10));
        options.Signing.KeyEncryptionKey.ShouldBe("abc");
    }

    [Fact]
    public void Out_of_range_settings_are_refused_with_their_key()
    {
        Should.Throw<InvalidOperationException>(() => new TokenOptions { AccessTokenLifetime = TimeSpan.Zero }.Validated())
            .Message.ShouldBe("tokens.access-token-lifetime must be positive");
        Should.Throw<InvalidOperationException>(() => new TokenOptions { Issuer = " " }.Validated())
            .Message.ShouldContain("tokens.issuer must be an absolute http or https URL");
    }

    [Theory]
    [InlineData("authactors")]
    [InlineData("/relative")]
    [InlineData("ftp://auth.example.org")]
    [InlineData("https://auth.example.org/?tenant=a")]
    [InlineData("https://auth.example.org/#top")]
    public void An_issuer_that_is_not_an_absolute_http_url_is_refused(string issuer) =>
        Should.Throw<InvalidOperationException>(() => new TokenOptions { Issuer = issuer }.Validated())
            .Message.ShouldContain("tokens.issuer must be an absolute http or https URL");

    [Fact]
    public async Task Without_a_configured_key_one_is_generated_into_the_data_directory_and_reused()
    {
        string kid;
        string token;
        await using (var first = await OpenAsync(Configuration()))
        {
            first.KeyEncryptionKeyGenerated.ShouldBeTrue();
            kid = first.Keys.Current.SignerKid;
            token = first.Issuer.Issue("alice", "s", ["user"]).Token;
        }

        var file = Path.Combine(directory.Path, KeyEncryptionKeyStore.FileName);
        File.Exists(file).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        SqliteConnection.ClearAllPools();
        await using var second = await OpenAsync(Configuration());
        second.Keys.Current.SignerKid.ShouldBe(kid);
        (await second.Validator.ValidateAsync(token)).IsValid.ShouldBeTrue();
        System.Text.Encoding.UTF8.GetString(second.Jwks.Span).ShouldContain(kid);
    }

    [Fact]
    public async Task A_configured_key_is_used_and_nothing_is_written()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        await using var services = await OpenAsync(Configuration(("tokens:signing:key-encryption-key", key)));

        services.KeyEncryptionKeyGenerated.ShouldBeFalse();
        File.Exists(Path.Combine(directory.Path, KeyEncryptionKeyStore.FileName)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("not base64!", "is not base64")]
    [InlineData("AAAA", "must be 32 bytes, not 3")]
    public async Task A_bad_configured_key_is_refused_in_one_line(string configured, string expected)
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(
            OpenAsync(Configuration(("tokens:signing:key-encryption-key", configured))));

        error.Message.ShouldContain("tokens.signing.key-encryption-key");
        error.Message.ShouldContain(expected);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();

    private async Task<TokenServices> OpenAsync(IConfiguration configuration)
    {
        var database = await SqliteDatabase.OpenAsync(new SqliteStorageOptions { DatabasePath = directory.File("authactors.db") }, Ct);
        return await TokenServices.OpenAsync(configuration, new SqliteSigningKeyStore(database), directory.Path, clock, NullLogger.Instance, Ct);
    }
}
