using System.Net;
using System.Net.Sockets;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class ExitCodeTests(ServiceFixture service)
{
    [Fact]
    public async Task Help_on_every_verb_exits_0()
    {
        string[][] verbs =
        [
            [], ["users"], ["users", "list"], ["users", "show"], ["users", "history"], ["users", "ban"], ["users", "unban"],
            ["users", "unlock"], ["users", "delete"], ["sessions"], ["sessions", "list"], ["sessions", "end"], ["import"],
            ["export"], ["keys"], ["keys", "rotate"], ["cluster"], ["cluster", "status"],
        ];
        foreach (var verb in verbs)
        {
            var run = (await service.RunAsAsync(null, null, [.. verb, "--help"])).ShouldExit(0);
            run.Output.ShouldContain("Usage:");
            run.Output.ShouldContain("authactors " + string.Join(' ', verb));
        }
    }

    [Fact]
    public async Task A_wrong_password_or_a_user_who_is_not_an_admin_is_refused_with_1()
    {
        (await service.RunAsAsync(ServiceFixture.AdminId, "not the password", "users", "list")).ShouldExit(1)
            .Error.ShouldContain("the admin credential was refused");

        using var http = service.Http();
        var id = await service.NewUserAsync(http, "plain");
        (await service.RunAsAsync(id, ServiceFixture.Password, "users", "list")).ShouldExit(1).Error.ShouldContain("admin role");
        // A user who is not an admin learns nothing about who exists: 403, never 404.
        (await service.RunAsAsync(id, ServiceFixture.Password, "users", "history", ServiceFixture.NewId("nobody"))).ShouldExit(1)
            .Error.ShouldContain("admin role");
    }

    [Fact]
    public async Task Unknown_verbs_options_and_values_and_a_missing_credential_are_bad_usage_2()
    {
        (await service.RunAsync("users", "frobnicate")).ShouldExit(2).Error.ShouldContain("see: authactors --help");
        (await service.RunAsync("users")).ShouldExit(2);
        (await service.RunAsync("users", "show")).ShouldExit(2);
        (await service.RunAsync("users", "list", "--status", "sleepy")).ShouldExit(2);
        (await service.RunAsync("users", "list", "--colour")).ShouldExit(2);
        (await service.RunAsAsync(null, null, "users", "list")).ShouldExit(2).Error.ShouldContain("no admin id");
        (await service.RunAsAsync(ServiceFixture.AdminId, null, "users", "list")).ShouldExit(2).Error.ShouldContain("no admin password");
        (await service.RunAsync("--url", "ftp://example.org", "users", "list")).ShouldExit(2);
    }

    [Fact]
    public async Task A_password_file_gives_the_password_and_its_text_is_never_printed()
    {
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "password");
        await File.WriteAllTextAsync(file, ServiceFixture.AdminPassword + "\n", TestContext.Current.CancellationToken);
        var run = (await service.RunAsAsync(ServiceFixture.AdminId, null, "--password-file", file, "users", "list", "--json")).ShouldExit(0);
        run.Output.ShouldNotContain(ServiceFixture.AdminPassword);
        run.Output.ShouldNotContain("eyJ");
        run.Error.ShouldBeEmpty();

        (await service.RunAsAsync(ServiceFixture.AdminId, null, "--password-file", Path.Combine(directory.Path, "absent"), "users", "list")).ShouldExit(2);
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_exits_3()
    {
        // A port that was free a moment ago and that nothing listens on.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = (await service.RunAsync("--url", $"http://127.0.0.1:{port}", "users", "list")).ShouldExit(3);
        run.Error.ShouldContain("cannot reach the service");
        run.Error.ShouldNotContain(ServiceFixture.AdminPassword);
    }
}
