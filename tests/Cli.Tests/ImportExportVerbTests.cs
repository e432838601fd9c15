using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class ImportExportVerbTests(ServiceFixture service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_registers_the_users_and_lists_bad_lines_by_number_with_a_summary()
    {
        using var directory = new TemporaryDirectory();
        var prefix = ServiceFixture.NewId("imp");
        // 120 short passwords, then 20 of the longest the service takes (fewer per request, inside its body limit).
        var good = Enumerable.Range(0, 120).Select(i => $"{prefix}-{i} pw{i}x")
            .Concat(Enumerable.Range(120, 20).Select(i => $"{prefix}-{i} {new string('p', 125)}{i}")).ToList();
        var file = Path.Combine(directory.Path, "credentials.txt");
        // Line 2 has three fields, line 3 an invalid id, line 5 repeats line 1's id, line 6 has a password no request carries.
        await File.WriteAllLinesAsync(file, [good[0], "too many fields", "bad!id pw", "# a comment", $"{prefix}-0 again", $"{prefix}-huge {new string('x', 3000)}", .. good[1..]], Ct);

        var run = (await service.RunAsync("import", file)).ShouldExit(0);
        run.Output.ShouldContain("line 2: skipped: expected \"username password\"");
        run.Output.ShouldContain("line 3: skipped: invalid username");
        run.Output.ShouldContain($"line 5: skipped: username {prefix}-0 appears on an earlier line");
        run.Output.ShouldContain($"line 6: skipped: {prefix}-huge: the password is too long");
        run.Output.ShouldEndWith("imported 140 users, skipped 4 lines\n");
        run.Error.ShouldContain("140/140 users");

        using var http = service.Http();
        await ServiceFixture.TokensAsync(http, $"{prefix}-0", "pw0x");
        await ServiceFixture.TokensAsync(http, $"{prefix}-119", "pw119x");
        await ServiceFixture.TokensAsync(http, $"{prefix}-139", new string('p', 125) + "139");

        // Importing again refuses each id as taken, by its line.
        var again = (await service.RunAsync("import", file)).ShouldExit(0);
        again.Output.ShouldContain($"line 1: skipped: {prefix}-0:");
        again.Output.ShouldContain("imported 0 users, skipped 144 lines");
    }

    [Fact]
    public async Task Import_of_a_missing_file_is_bad_usage()
    {
        using var directory = new TemporaryDirectory();
        var run = (await service.RunAsync("import", Path.Combine(directory.Path, "absent.txt"))).ShouldExit(2);
        run.Error.ShouldContain("cannot read");
    }

    [Fact]
    public async Task Export_writes_ids_statuses_and_hashes_with_parameters_never_passwords_to_an_owner_only_file()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "exp");
        (await service.RunAsync("users", "ban", id)).ShouldExit(0);
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "export.jsonl");

        var run = (await service.RunAsync("export", file)).ShouldExit(0);
        run.Output.ShouldStartWith("exported ");

        var text = await File.ReadAllTextAsync(file, Ct);
        text.ShouldNotContain(ServiceFixture.Password);
        text.ShouldNotContain(ServiceFixture.AdminPassword);
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Single(l => l["id"]!.GetValue<string>() == id);
        line["status"]!.GetValue<string>().ShouldBe("banned");
        line["password_hash"]!.GetValue<string>().ShouldStartWith("$pbkdf2-sha256$v=1$i=1000$");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Never over an existing file.
        (await service.RunAsync("export", file)).ShouldExit(2).Error.ShouldContain("cannot create");
    }
}
