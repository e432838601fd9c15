using AuthActors.Gateway.Tests.Web;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

public sealed class SessionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private int Port => fixture.Gateway.SessionPort;

    private static string Id(string name) => GatewayFixture.NewId(name);

    [Fact]
    public async Task Online_users_are_told_of_logins_and_logouts_and_get_messages_at_once()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await a.ExpectAsync($"{bob} logged in");

        await b.SendLineAsync($"message {alice} hello there");
        await b.ExpectAsync($"message delivered to {alice}");
        await a.ExpectAsync($"{bob}: hello there");

        await SessionClients.LogOutAsync(b, bob);
        await a.ExpectAsync($"{bob} logged out");
    }

    [Fact]
    public async Task Offline_messages_wait_and_arrive_in_order_at_the_next_login_only_once()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using (var a = await SessionClients.SignUpAsync(Port, alice))
        {
            await SessionClients.LogOutAsync(a, alice);
        }

        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await b.SendLineAsync($"message {alice} first");
        await b.ExpectAsync($"{alice} is offline: the message will be delivered at their next login");
        await b.SendLineAsync($"message {alice} second");
        await b.ExpectAsync($"{alice} is offline: the message will be delivered at their next login");

        await using (var again = await SessionClients.LogInAsync(Port, alice))
        {
            (await again.ReadLineAsync()).ShouldBe($"welcome {alice}");
            (await again.ReadLineAsync()).ShouldBe("you have 2 offline messages");
            (await again.ReadLineAsync()).ShouldBe($"{bob}: first");
            (await again.ReadLineAsync()).ShouldBe($"{bob}: second");
            await SessionClients.LogOutAsync(again, alice);
        }

        await using var third = await SessionClients.LogInAsync(Port, alice);
        (await third.ReadLineAsync()).ShouldBe($"welcome {alice}");
        (await third.AnswerAsync("whoelsesince abc")).ShouldStartWith("ERR 400 usage: whoelsesince");
    }

    [Fact]
    public async Task A_second_login_while_online_is_refused()
    {
        var alice = Id("alice");
        await using var first = await SessionClients.SignUpAsync(Port, alice);
        await using var second = await SessionClients.LogInAsync(Port, alice);
        (await second.ReadLineAsync()).ShouldBe("<<close>>already logged in");
        (await second.ReadLineAsync()).ShouldBeNull();

        // The first session is untouched.
        (await first.AnswerAsync("whoelsesince 1")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Broadcast_reaches_online_users_except_those_who_blocked_the_sender()
    {
        var (alice, bob, carol) = (Id("alice"), Id("bob"), Id("carol"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await using var c = await SessionClients.SignUpAsync(Port, carol);
        await c.SendLineAsync($"block {alice}");
        await c.ExpectAsync($"{alice} is blocked");

        await a.SendLineAsync("broadcast hello all");
        await a.ExpectAsync("broadcast sent, but some users did not receive it");
        await b.ExpectAsync($"{alice} (broadcast): hello all");

        await c.SendLineAsync($"unblock {alice}");
        (await c.ExpectAsync($"{alice} is unblocked")).ShouldNotContain(l => l.Contains("hello all", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whoelse_and_whoelsesince_hide_those_who_blocked_me()
    {
        var (alice, bob, carol, dave) = (Id("alice"), Id("bob"), Id("carol"), Id("dave"));
        await using (var d = await SessionClients.SignUpAsync(Port, dave))
        {
            await SessionClients.LogOutAsync(d, dave);
        }

        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await using var c = await SessionClients.SignUpAsync(Port, carol);
        await c.SendLineAsync($"block {alice}");
        await c.ExpectAsync($"{alice} is blocked");

        await a.SendLineAsync("whoelse");
        var seenByAlice = (await a.ReadUntilAsync(l => l.StartsWith("online", StringComparison.Ordinal))).Line;
        seenByAlice.ShouldContain(bob);
        seenByAlice.ShouldNotContain(carol);
        seenByAlice.ShouldNotContain(dave);

        await b.SendLineAsync("whoelse");
        var seenByBob = (await b.ReadUntilAsync(l => l.StartsWith("online", StringComparison.Ordinal))).Line;
        seenByBob.ShouldContain(alice);
        seenByBob.ShouldContain(carol);

        await a.SendLineAsync("whoelsesince 300");
        var recent = (await a.ReadUntilAsync(l => l.StartsWith("online in the last 300 seconds", StringComparison.Ordinal))).Line;
        recent.ShouldContain(dave);
        recent.ShouldContain(bob);
        recent.ShouldNotContain(carol);
    }

    [Fact]
    public async Task Presence_is_not_told_to_users_I_block()
    {
        var (alice, bob, carol) = (Id("alice"), Id("bob"), Id("carol"));
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await using var c = await SessionClients.SignUpAsync(Port, carol);
        await using (var a = await SessionClients.SignUpAsync(Port, alice))
        {
            await a.SendLineAsync($"block {bob}");
            await a.ExpectAsync($"{bob} is blocked");
            await SessionClients.LogOutAsync(a, alice);
        }

        await c.ExpectAsync($"{alice} logged out");

        // Bob was told of the login (before the block) but not of the logout; nothing of Alice comes before his own answer.
        await b.ExpectAsync($"{alice} logged in");
        await b.SendLineAsync($"message {carol} hi");
        var (_, skipped) = await b.ReadUntilAsync(line => line == $"message delivered to {carol}");
        skipped.ShouldNotContain($"{alice} logged out");
    }

    [Fact]
    public async Task Peer_to_peer_exchanges_addresses_once_accepted()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);

        await a.SendLineAsync($"startprivate {bob} 40001");
        await a.ExpectAsync($"private chat request sent to {bob}");
        await b.ExpectAsync($"{alice} would like to talk privately: answer 'accept {alice}' or 'decline {alice}'");
        await b.SendLineAsync($"accept {alice} 40002");
        await b.ExpectAsync($"private chat with {alice} at 127.0.0.1:40001");
        await a.ExpectAsync($"private chat with {bob} at 127.0.0.1:40002");

        await a.SendLineAsync($"stopprivate {bob}");
        await a.ExpectAsync($"private chat with {bob} stopped");
        await b.ExpectAsync($"{alice} stopped the private chat");
    }

    [Fact]
    public async Task Peer_to_peer_is_refused_when_either_blocked_the_other()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        await b.SendLineAsync($"block {alice}");
        await b.ExpectAsync($"{alice} is blocked");
        await a.SendLineAsync($"startprivate {bob} 40001");
        await a.ExpectAsync($"ERR 403 private chat with {bob} is not possible: one of you has blocked the other");
    }

    [Fact]
    public async Task Bad_input_gets_a_usage_or_error_line_and_the_session_goes_on()
    {
        var (alice, bob) = (Id("alice"), Id("bob"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);
        // Taken here, so that it cannot arrive in place of an answer below (a session opened just after another
        // user's login may or may not be told of it; this order makes alice told, always).
        await a.ExpectAsync($"{bob} logged in");
        await b.SendLineAsync($"block {alice}");
        await b.ExpectAsync($"{alice} is blocked");

        (await a.AnswerAsync("dance")).ShouldStartWith("ERR 400 unknown command: dance; commands: message <user> <text>");
        (await a.AnswerAsync("message")).ShouldBe("ERR 400 usage: message <user> <text>");
        (await a.AnswerAsync($"message {bob}")).ShouldBe("ERR 400 usage: message <user> <text>");
        (await a.AnswerAsync("broadcast")).ShouldBe("ERR 400 usage: broadcast <text>");
        (await a.AnswerAsync("block")).ShouldBe("ERR 400 usage: block <user>");
        (await a.AnswerAsync("whoelsesince")).ShouldStartWith("ERR 400 usage: whoelsesince <seconds>");
        (await a.AnswerAsync("startprivate")).ShouldStartWith("ERR 400 usage: startprivate <user> <port>");
        (await a.AnswerAsync("decline")).ShouldBe("ERR 400 usage: decline <user>");
        (await a.AnswerAsync($"accept {bob} 40000")).ShouldBe($"ERR 404 no private chat request from {bob}");
        (await a.AnswerAsync($"private {bob} hi")).ShouldStartWith("ERR 400 private messages go straight to the other client");
        (await a.AnswerAsync($"message {alice} me")).ShouldBe("ERR 400 you cannot message yourself");
        (await a.AnswerAsync("message nobody-x1 hi")).ShouldBe("ERR 404 no such user: nobody-x1");
        (await a.AnswerAsync("block nobody-x1")).ShouldBe("ERR 404 no such user: nobody-x1");
        (await a.AnswerAsync("message bad/id hi")).ShouldStartWith("ERR 400 an id is");
        (await a.AnswerAsync($"block {alice}")).ShouldBe("ERR 400 you cannot block yourself");
        (await a.AnswerAsync($"unblock {bob}")).ShouldBe($"ERR 409 {bob} was not blocked");
        (await a.AnswerAsync($"message {bob} hi")).ShouldBe($"ERR 403 your message could not be delivered as {bob} has blocked you");

        await a.SendLineAsync(new string('x', 4097));
        (await a.ReadLineAsync()).ShouldBe("ERR 413 line too long");
        (await a.ReadLineAsync()).ShouldBeNull();
        await b.ExpectAsync($"{alice} logged out");
    }
}

public sealed class ShortSessionTimeoutFixture : GatewayFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__SESSION__TIMEOUT"] = "1s",
    };
}

public sealed class SessionTimeoutTests(ShortSessionTimeoutFixture fixture) : IClassFixture<ShortSessionTimeoutFixture>
{
    [Fact]
    public async Task An_idle_session_is_logged_out_with_the_reason_and_may_log_in_again()
    {
        var alice = GatewayFixture.NewId("alice");
        await using (var a = await SessionClients.SignUpAsync(fixture.Gateway.SessionPort, alice))
        {
            (await a.ReadLineAsync()).ShouldBe("<<close>>you have been logged out after 1 second of inactivity");
            (await a.ReadLineAsync()).ShouldBeNull();
        }

        await using var again = await SessionClients.LogInAsync(fixture.Gateway.SessionPort, alice);
        (await again.ReadLineAsync()).ShouldBe($"welcome {alice}");
    }

    [Fact]
    public async Task An_idle_messages_page_is_logged_out_with_the_same_reason()
    {
        var id = GatewayFixture.NewId("idleweb");
        using var browser = WebForms.NewBrowser();
        (await browser.PostAsync(
            new Uri(fixture.Gateway.HttpAddress, "api/users"),
            new StringContent($"{{\"id\":\"{id}\",\"password\":\"{SessionClients.Password}x\"}}", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await WebForms.LogInAsync(browser, fixture.Gateway.HttpAddress, id, SessionClients.Password + "x");

        using var stream = await WebForms.OpenEventsAsync(browser, fixture.Gateway.HttpAddress);
        (await WebForms.NextEventAsync(stream)).ShouldBe($"welcome {id}");
        (await WebForms.NextEventAsync(stream)).ShouldBe("<<close>>you have been logged out after 1 second of inactivity");
        (await WebForms.NextEventAsync(stream)).ShouldBeNull();
    }
}

public sealed class SessionCrashTests : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new() { ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000" };
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task After_kill_9_the_offline_inbox_is_delivered_and_dead_sessions_do_not_block_a_login()
    {
        await using (var gateway = await GatewayProcess.StartAsync(_data.Path, Settings))
        {
            await using (var a = await SessionClients.SignUpAsync(gateway.SessionPort, "alice"))
            {
                await SessionClients.LogOutAsync(a, "alice");
            }

            await using var b = await SessionClients.SignUpAsync(gateway.SessionPort, "bob");
            (await b.AskAsync("message alice kept across a crash")).ShouldBe("alice is offline: the message will be delivered at their next login");
            await gateway.KillAsync();
        }

        await using var restarted = await GatewayProcess.StartAsync(_data.Path, Settings);

        // Bob's session died with the process: he is not online any more, and may log in again.
        await using var bob = await SessionClients.LogInAsync(restarted.SessionPort, "bob");
        (await bob.ReadLineAsync()).ShouldBe("welcome bob");
        (await bob.AskAsync("whoelse")).ShouldBe("nobody else is online");

        await using var alice = await SessionClients.LogInAsync(restarted.SessionPort, "alice");
        (await alice.ReadLineAsync()).ShouldBe("welcome alice");
        (await alice.ReadLineAsync()).ShouldBe("you have 1 offline message");
        (await alice.ReadLineAsync()).ShouldBe("bob: kept across a crash");
        await bob.ExpectAsync("alice logged in");
    }
}

public sealed class SeveralSessionsFixture : GatewayFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__SESSION__ALLOW_MULTIPLE_SESSIONS"] = "true",
    };
}

public sealed class SeveralSessionsTests(SeveralSessionsFixture fixture) : IClassFixture<SeveralSessionsFixture>
{
    [Fact]
    public async Task When_allowed_a_second_login_opens_a_second_session_and_messages_reach_both()
    {
        var (alice, bob) = (GatewayFixture.NewId("alice"), GatewayFixture.NewId("bob"));
        var port = fixture.Gateway.SessionPort;
        await using var first = await SessionClients.SignUpAsync(port, alice);
        await using var second = await SessionClients.LogInAsync(port, alice);
        (await second.ReadLineAsync()).ShouldBe($"welcome {alice}");

        await using var b = await SessionClients.SignUpAsync(port, bob);
        (await b.AnswerAsync($"message {alice} to both")).ShouldBe($"message delivered to {alice}");
        await first.ExpectAsync($"{bob}: to both");
        await second.ExpectAsync($"{bob}: to both");
    }
}

public sealed class QuietPresenceFixture : GatewayFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__SESSION__ANNOUNCE_PRESENCE"] = "false",
    };
}

public sealed class QuietPresenceTests(QuietPresenceFixture fixture) : IClassFixture<QuietPresenceFixture>
{
    [Fact]
    public async Task With_presence_off_nobody_is_told_of_logins_or_logouts_and_whoelse_still_answers()
    {
        var (alice, bob) = (GatewayFixture.NewId("alice"), GatewayFixture.NewId("bob"));
        var port = fixture.Gateway.SessionPort;
        await using var a = await SessionClients.SignUpAsync(port, alice);
        await using (var b = await SessionClients.SignUpAsync(port, bob))
        {
            // Bob's login came before this command and its answer: with presence on, "bob logged in" comes first.
            await a.SendLineAsync("whoelse");
            var (answer, skipped) = await a.ReadUntilAsync(line => line.StartsWith("online: ", StringComparison.Ordinal));
            skipped.ShouldBeEmpty();
            answer["online: ".Length..].Split(", ").ShouldContain(bob);

            await b.SendLineAsync($"message {alice} still here");
            await b.ExpectAsync($"message delivered to {alice}");
            (await a.ReadLineAsync()).ShouldBe($"{bob}: still here");
            await SessionClients.LogOutAsync(b, bob);
        }

        // Bob's logout is not told either: every line Alice reads is an answer of hers (this class's gateway is its own).
        await Eventually.ConditionAsync(
            async () =>
            {
                var online = await a.AskAsync("whoelse");
                online.ShouldNotBe($"{bob} logged out");
                return online == "nobody else is online";
            },
            "bob is offline");
        (await a.AskAsync($"message {bob} gone?")).ShouldBe($"{bob} is offline: the message will be delivered at their next login");
    }
}
