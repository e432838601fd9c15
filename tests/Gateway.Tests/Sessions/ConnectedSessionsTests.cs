using System.Text;
using AuthActors.Gateway.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Tests.Sessions;

/// <summary>The gateway's registry of sessions, on its own: who is told a presence line.</summary>
public sealed class ConnectedSessionsTests
{
    [Fact]
    public async Task A_session_is_told_presence_only_once_it_was_welcomed()
    {
        using var sessions = new ConnectedSessions(
            new GatewayIdentity(), Options.Create(new SessionPortOptions()), TimeProvider.System, NullLogger<ConnectedSessions>.Instance);
        var outlet = new RecordingOutlet();
        var alice = new ConnectedSession("alice", "c1", outlet, "127.0.0.1");
        sessions.Add(alice);

        // Registered (messages to it are not lost) but still being welcomed: "welcome" and the inbox come first.
        (await sessions.AnnounceHereAsync("bob", "bob logged in", [])).ShouldBe(0);
        outlet.Lines.ShouldBeEmpty();

        alice.Welcomed = true;
        (await sessions.AnnounceHereAsync("bob", "bob logged out", [])).ShouldBe(1);
        outlet.Lines.ShouldBe(["bob logged out"]);
    }

    [Fact]
    public async Task With_presence_off_no_session_is_told()
    {
        using var sessions = new ConnectedSessions(
            new GatewayIdentity(), Options.Create(new SessionPortOptions { AnnouncePresence = false }), TimeProvider.System, NullLogger<ConnectedSessions>.Instance);
        var outlet = new RecordingOutlet();
        sessions.Add(new ConnectedSession("alice", "c1", outlet, "127.0.0.1") { Welcomed = true });

        (await sessions.AnnounceHereAsync("bob", "bob logged in", [])).ShouldBe(0);
        await sessions.AnnounceAsync("bob", "bob logged out", []);
        outlet.Lines.ShouldBeEmpty();
    }

    private sealed class RecordingOutlet : ISessionOutlet
    {
        public List<string> Lines { get; } = [];

        public bool Post(ReadOnlyMemory<byte> encodedLine)
        {
            Lines.Add(Encoding.UTF8.GetString(encodedLine.Span).TrimEnd('\n'));
            return true;
        }

        public Task<bool> TrySendAsync(string line)
        {
            Lines.Add(line);
            return Task.FromResult(true);
        }

        public void ExpireIfIdle()
        {
        }
    }
}
