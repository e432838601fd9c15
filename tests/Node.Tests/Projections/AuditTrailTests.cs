using System.Text;
using AuthActors.Messages;
using AuthActors.Node.Projections;
using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;
using AuthActors.TestKit;

namespace AuthActors.Node.Tests.Projections;

/// <summary>The audit trail over the journal: origins recorded from now on, events stored before them still read.</summary>
public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonPersistenceSerializer Serializer = UserPersistenceSerializer.Create();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Payloads exactly as versions before the audit trail stored them: no origin.
    private const string OldLoginFailed = """{"at":"2026-01-01T12:00:00+00:00","from":"10.0.0.7"}""";
    private const string OldBanned = """{"reason":"spam","at":"2026-01-01T12:00:01+00:00"}""";

    [Fact]
    public void An_event_stored_before_origins_reads_with_no_origin_and_a_new_one_keeps_its_origin()
    {
        var old = (UserEvent.LoginFailed)Serializer.Deserialize("user.login-failed.v1", Encoding.UTF8.GetBytes(OldLoginFailed));
        old.From.ShouldBe("10.0.0.7");
        old.Origin.ShouldBeNull();

        var stamped = new UserEvent.Banned("spam", T0) { Origin = new RequestOrigin("192.0.2.1", "gateway#4") };
        var (manifest, payload) = Serializer.Serialize(stamped);
        manifest.ShouldBe("user.banned.v1");
        Encoding.UTF8.GetString(payload).ShouldContain("\"origin\":{\"address\":\"192.0.2.1\",\"gateway\":\"gateway#4\"}");
        Serializer.Deserialize(manifest, payload).ShouldBe(stamped);
    }

    [Fact]
    public async Task A_page_is_newest_first_and_reads_old_and_new_events_alike()
    {
        var journal = new InMemoryJournal();
        var id = "alice";
        var pid = UserEntity.PersistenceIdOf(id);
        await journal.AppendAsync(
            [
                Stored(pid, 1, new UserEvent.Registered(id, "$pbkdf2-sha256$v=1$i=1000$salt$hash", T0)),
                new EventEnvelope(pid, 2, "user.login-failed.v1", Encoding.UTF8.GetBytes(OldLoginFailed), T0.AddSeconds(1), []),
                new EventEnvelope(pid, 3, "user.banned.v1", Encoding.UTF8.GetBytes(OldBanned), T0.AddSeconds(2), []),
                Stored(pid, 4, new UserEvent.Unbanned(T0.AddSeconds(3)) { Origin = new RequestOrigin("192.0.2.1", "gateway#4") }),
                Stored(pid, 5, new UserEvent.RefreshRotated("s1", "digest-secret", T0.AddSeconds(4), "198.51.100.2") { Origin = new RequestOrigin("198.51.100.2", "gateway#5") }),
            ],
            Ct);
        var history = new UserHistory(journal, Serializer);

        var first = (await history.ReadPageAsync(id, null, 3, Ct))!;
        first.Entries.Select(e => e.Sequence).ShouldBe([5, 4, 3]);
        first.Entries.Select(e => e.Kind).ShouldBe(["refresh-rotated", "unbanned", "banned"]);
        first.Entries[0].ShouldBe(new AuditEntry(5, T0.AddSeconds(4), "refresh-rotated", "refresh token rotated from 198.51.100.2", "198.51.100.2", "gateway#5"));
        first.Entries[1].Address.ShouldBe("192.0.2.1");
        first.Entries[2].ShouldBe(new AuditEntry(3, T0.AddSeconds(2), "banned", "banned: spam", null, null));
        first.NextBefore.ShouldBe(3);

        var second = (await history.ReadPageAsync(id, first.NextBefore, 3, Ct))!;
        second.Entries.Select(e => e.Sequence).ShouldBe([2, 1]);
        second.Entries[0].ShouldBe(new AuditEntry(2, T0.AddSeconds(1), "login-failed", "failed login from 10.0.0.7", "10.0.0.7", null));
        second.NextBefore.ShouldBeNull();

        var all = first.Entries.Concat(second.Entries).ToList();
        all.ShouldAllBe(e => !e.Description.Contains("pbkdf2") && !e.Description.Contains("digest"));
    }

    [Fact]
    public async Task A_user_without_events_has_no_trail()
    {
        var history = new UserHistory(new InMemoryJournal(), Serializer);
        (await history.ReadPageAsync("nobody", null, 10, Ct)).ShouldBeNull();
    }

    private static EventEnvelope Stored(string pid, long sequence, UserEvent e)
    {
        var (manifest, payload) = Serializer.Serialize(e);
        return new EventEnvelope(pid, sequence, manifest, payload, e switch
        {
            UserEvent.Registered r => r.At,
            UserEvent.Unbanned u => u.At,
            UserEvent.RefreshRotated r => r.At,
            _ => T0,
        }, []);
    }
}
