using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Import;

public sealed class ImportCommandTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Imported_users_log_in_with_their_passwords()
    {
        var file = _data.File("credentials.txt");
        await File.WriteAllLinesAsync(file, ["hans falcon*solo", "r2d2 do*!@#dedo", "broken-line", "luke light==saber"], TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryLayout.GatewayDll);
        start.ArgumentList.Add("import");
        start.ArgumentList.Add(file);
        start.Environment["AUTHACTORS_DATA"] = _data.Path;
        start.Environment["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000";
        using var import = Process.Start(start)!;
        var output = await import.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await import.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken);

        import.ExitCode.ShouldBe(0);
        output.ShouldContain("line 3: skipped: expected \"username password\"");
        output.ShouldContain("imported 3 users, skipped 1 lines");

        await using var gateway = await GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string> { ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000" });
        await using var client = await LineClient.ConnectAsync(gateway.Port);
        await client.ReadLineAsync();
        (await client.AskAsync("LOGIN hans falcon*solo")).ShouldBe("OK logged in");
        (await client.AskAsync("LOGIN r2d2 do*!@#dedo")).ShouldBe("OK logged in");
        (await client.AskAsync("LOGIN luke wrong")).ShouldBe("ERR 401 wrong id or password");
    }
}
