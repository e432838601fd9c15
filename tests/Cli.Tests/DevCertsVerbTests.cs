using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class DevCertsVerbTests(ServiceFixture service)
{
    [Fact]
    public async Task Dev_certs_writes_a_ca_and_certificates_it_signed_with_owner_only_keys()
    {
        using var directory = new TemporaryDirectory();
        var target = Path.Combine(directory.Path, "certs");

        var run = (await service.RunAsAsync(null, null, "dev-certs", target)).ShouldExit(0);

        run.Output.ShouldContain(Path.Combine(target, "ca.pem"));
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(target, "ca.pem")));
        using var gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(target, "gateway.pem")));
        gateway.Issuer.ShouldBe(authority.Subject);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(target, "gateway-key.pem"), TestContext.Current.CancellationToken));
        key.ExportSubjectPublicKeyInfo().ShouldBe(gateway.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), "the key is the certificate's");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(target, "member-key.pem")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Dev_certs_without_a_directory_is_bad_usage() =>
        (await service.RunAsAsync(null, null, "dev-certs")).ShouldExit(2);
}
