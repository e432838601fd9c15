using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests;

public sealed class ConfigurationStartupTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Malformed_configuration_stops_start_up_with_file_and_line()
    {
        var config = Directory.CreateDirectory(Path.Combine(_directory.Path, "hocon")).FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "gateway.conf"), "gateway {\n  tcp {\n    port = \"4224\n  }\n}\n", TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryLayout.GatewayDll);
        start.Environment["AUTHACTORS_CONFIG"] = config;
        start.Environment["AUTHACTORS_DATA"] = _directory.File("data");
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(1);
        errors.ShouldStartWith("authactors: cannot start: ");
        errors.ShouldContain(Path.Combine(config, "gateway.conf") + ":3:");
    }
}
