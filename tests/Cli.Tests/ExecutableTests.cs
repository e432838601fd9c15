using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuthActors.Cli.Tests;

/// <summary>The built <c>authactors</c> executable as an operator runs it: its exit codes reach the shell.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ExecutableTests(ServiceFixture service)
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "authactors.dll");

    private static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "AUTHACTORS_URL", "AUTHACTORS_ADMIN_USER", "AUTHACTORS_ADMIN_ID", "AUTHACTORS_ADMIN_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task The_executable_exits_0_2_1_and_3_as_documented()
    {
        var admin = new Dictionary<string, string>
        {
            ["AUTHACTORS_URL"] = service.Url,
            ["AUTHACTORS_ADMIN_USER"] = ServiceFixture.AdminId,
            ["AUTHACTORS_ADMIN_PASSWORD"] = ServiceFixture.AdminPassword,
        };

        var done = await RunAsync(admin, "users", "show", ServiceFixture.AdminId);
        done.Code.ShouldBe(0, done.Error);
        done.Output.ShouldContain("admin");

        (await RunAsync(admin, "users", "nonsense")).Code.ShouldBe(2);
        (await RunAsync(admin, "users", "show", ServiceFixture.NewId("nobody"))).Code.ShouldBe(1);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var unreachable = await RunAsync(new Dictionary<string, string>(admin) { ["AUTHACTORS_URL"] = $"http://127.0.0.1:{port}" }, "cluster", "status");
        unreachable.Code.ShouldBe(3);
        unreachable.Error.ShouldNotContain(ServiceFixture.AdminPassword);
    }
}
