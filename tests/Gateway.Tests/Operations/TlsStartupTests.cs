using System.Diagnostics;
using System.Text.RegularExpressions;
using AuthActors.Runtime.Security;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>What the operator reads at start: one warning without a certificate; one clear line and exit 1 for a broken one.</summary>
public sealed partial class TlsStartupTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Without_a_certificate_the_gateway_warns_once_that_it_serves_plain_text()
    {
        await using var gateway = await GatewayProcess.StartAsync(_directory.Directory("data"), new Dictionary<string, string> { ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000" });

        await Eventually.ConditionAsync(() => gateway.Output.Contains("serve plain text", StringComparison.Ordinal), "the plain-text warning");
        PlainTextWarning().Count(gateway.Output).ShouldBe(1);
        gateway.Output.ShouldContain($"Login port listening on 127.0.0.1:{gateway.Port} (plain text)");
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificates_stops_the_start()
    {
        var certificates = DevCertificates.Write(_directory.File("certs"));

        var errors = await FailedStartAsync(certificates.GatewayCertificate, certificates.MemberKey);

        errors.ShouldContain($"gateway.tls.key (AUTHACTORS_TLS_KEY): the key in {certificates.MemberKey} does not match the certificate in {certificates.GatewayCertificate}");
    }

    [Fact]
    public async Task A_missing_certificate_file_stops_the_start()
    {
        var certificates = DevCertificates.Write(_directory.File("certs"));
        var missing = _directory.File("no-such.pem");

        var errors = await FailedStartAsync(missing, certificates.GatewayKey);

        errors.ShouldContain($"gateway.tls.certificate (AUTHACTORS_TLS_CERT): {missing} does not exist");
    }

    [Fact]
    public void Dev_certificate_keys_are_readable_by_their_owner_only()
    {
        var certificates = DevCertificates.Write(_directory.File("certs"));

        // Unix file modes; the suite runs on Linux.
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(certificates.GatewayKey).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(certificates.MemberKey).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task<string> FailedStartAsync(string certificate, string key)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryLayout.GatewayDll);
        start.Environment["AUTHACTORS_DATA"] = _directory.Directory("data");
        start.Environment["AUTHACTORS_GATEWAY__TCP__PORT"] = "0";
        start.Environment["AUTHACTORS_GATEWAY__SESSION__PORT"] = "0";
        start.Environment["AUTHACTORS_GATEWAY__HTTP__PORT"] = "0";
        start.Environment["AUTHACTORS_TLS_CERT"] = certificate;
        start.Environment["AUTHACTORS_TLS_KEY"] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken);
        await output;

        process.ExitCode.ShouldBe(1);
        errors.ShouldStartWith("authactors: cannot start: ");
        return errors;
    }

    [GeneratedRegex("serve plain text")]
    private static partial Regex PlainTextWarning();
}
