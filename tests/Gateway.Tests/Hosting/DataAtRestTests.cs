using AuthActors.Node.Hosting;
using AuthActors.TestKit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace AuthActors.Gateway.Tests.Hosting;

/// <summary>
/// What the gateway keeps in its data directory is its user's alone from the moment it exists: directories 0700,
/// files 0600 (the journal and its -wal and -shm, the generated pepper and key-encryption key, the web keys), and
/// the web keys are encrypted. A data directory others may use is refused.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataAtRestTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const string Purpose = "data-at-rest-tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TemporaryDirectory _root = new();

    private string Data => _root.File("data");

    [Fact]
    public async Task Everything_the_gateway_writes_in_its_data_directory_is_owner_only()
    {
        await using (var gateway = await StartAsync())
        {
            await SignUpAndOpenAFormAsync(gateway);
        }

        var files = Directory.GetFiles(Data, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Data, f)).ToList();
        files.ShouldContain(PepperStore.FileName);
        files.ShouldContain(Node.Tokens.KeyEncryptionKeyStore.FileName);
        files.ShouldContain("authactors.db");
        files.ShouldContain(f => f.StartsWith("web-keys", StringComparison.Ordinal) && f.EndsWith(".xml", StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(Data, "*", SearchOption.AllDirectories))
        {
            File.GetUnixFileMode(file).ShouldBe(OwnerOnlyFile, file);
        }

        foreach (var directory in Directory.GetDirectories(Data, "*", SearchOption.AllDirectories).Append(Data))
        {
            File.GetUnixFileMode(directory).ShouldBe(OwnerOnlyDirectory, directory);
        }
    }

    [Fact]
    public async Task The_journal_write_ahead_log_is_owner_only_while_the_gateway_runs()
    {
        await using var gateway = await StartAsync();
        await SignUpAndOpenAFormAsync(gateway);

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var file = Path.Combine(Data, "authactors.db" + suffix);
            File.Exists(file).ShouldBeTrue(file);
            File.GetUnixFileMode(file).ShouldBe(OwnerOnlyFile, file);
        }
    }

    [Fact]
    public async Task Web_keys_are_encrypted_at_rest_and_read_back_after_a_restart()
    {
        string payload;
        await using (var gateway = await StartAsync())
        {
            await SignUpAndOpenAFormAsync(gateway);
            payload = gateway.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("kept");
        }

        foreach (var key in Directory.GetFiles(Path.Combine(Data, "web-keys"), "*.xml"))
        {
            var xml = await File.ReadAllTextAsync(key, Ct);
            xml.ShouldContain("encryptedSecret");
            xml.ShouldNotContain("unencrypted");
            xml.ShouldNotContain("<value>");
        }

        await using var restarted = await StartAsync();
        restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload).ShouldBe("kept");
    }

    [Fact]
    public async Task Web_keys_written_in_clear_by_an_earlier_version_are_still_read()
    {
        var keys = Directory.CreateDirectory(Path.Combine(Data, "web-keys"), OwnerOnlyDirectory);
        File.SetUnixFileMode(Data, OwnerOnlyDirectory);
        var before = DataProtectionProvider.Create(keys, builder => builder.SetApplicationName("AuthActors"));
        var payload = before.CreateProtector(Purpose).Protect("kept");

        await using var gateway = await StartAsync();
        gateway.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload).ShouldBe("kept");
    }

    [Fact]
    public async Task A_data_directory_others_may_read_is_refused_with_the_fix_named()
    {
        Directory.CreateDirectory(Data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Data, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var refused = await Should.ThrowAsync<InvalidOperationException>(StartAsync);

        refused.Message.ShouldContain(Data);
        refused.Message.ShouldContain($"chmod 700 {Data}");
        File.Exists(Path.Combine(Data, PepperStore.FileName)).ShouldBeFalse();
    }

    public void Dispose() => _root.Dispose();

    private static async Task SignUpAndOpenAFormAsync(RunningHost gateway)
    {
        await using (var client = await LineClient.ConnectAsync(gateway.EndPoints.Login!.Port))
        {
            await client.ReadLineAsync();
            var id = GatewayFixture.NewId("rest");
            (await client.AskAsync($"ADD {id} s3cret1")).ShouldBe($"OK added user:{id}");
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.EndPoints.Http!.Port}") };
        (await http.GetStringAsync("/login", Ct)).ShouldContain("form");
    }

    // No pepper and no key-encryption key configured: the gateway generates both into the data directory.
    private Task<RunningHost> StartAsync() => InProcessGateway.StartAsync(InProcessGateway.Variables(Data, configuredSecrets: false), Ct);
}
