using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Users;

/// <summary>The manifests of the user's events and snapshot. A manifest, once stored, is never reused for another shape.</summary>
public static class UserPersistenceSerializer
{
    /// <summary>Every current manifest with its type info: the events, then the snapshot state.</summary>
    public static IReadOnlyDictionary<string, JsonTypeInfo> Types { get; } = BuildTypes(UserJsonContext.Default);

    /// <summary>Readers of older manifests, each turning its payload into the current type.</summary>
    public static IReadOnlyDictionary<string, Func<ReadOnlyMemory<byte>, object>> Upcasters { get; } = BuildUpcasters(UserJsonContext.Default);

    /// <summary>A serializer that knows every user event and the user snapshot (the runtime's journal uses it).</summary>
    public static JsonPersistenceSerializer Create()
    {
        var serializer = new JsonPersistenceSerializer();
        foreach (var (manifest, typeInfo) in Types)
        {
            serializer.Register(manifest, typeInfo);
        }

        foreach (var (manifest, upcast) in Upcasters)
        {
            serializer.RegisterUpcaster(manifest, upcast);
        }

        return serializer;
    }

    private static Dictionary<string, JsonTypeInfo> BuildTypes(UserJsonContext json) => new(StringComparer.Ordinal)
    {
        ["user.registered.v1"] = json.Registered,
        ["user.login-succeeded.v1"] = json.LoginSucceeded,
        ["user.login-failed.v1"] = json.LoginFailed,
        ["user.locked.v1"] = json.Locked,
        ["user.password-changed.v1"] = json.PasswordChanged,
        ["user.password-rehashed.v1"] = json.PasswordRehashed,
        ["user.deleted.v1"] = json.Deleted,
        ["user.profile-set.v1"] = json.ProfileSet,
        ["user.role-granted.v1"] = json.RoleGranted,
        ["user.session-started.v1"] = json.SessionStarted,
        ["user.refresh-rotated.v1"] = json.RefreshRotated,
        ["user.refresh-reuse-detected.v1"] = json.RefreshReuseDetected,
        ["user.session-ended.v1"] = json.SessionEnded,
        ["user.all-sessions-ended.v1"] = json.AllSessionsEnded,
        ["user.access-token-revoked.v1"] = json.AccessTokenRevoked,
        ["user.banned.v1"] = json.Banned,
        ["user.unbanned.v1"] = json.Unbanned,
        ["user.unlocked.v1"] = json.Unlocked,
        ["user.withdrawn.v1"] = json.Withdrawn,
        ["user.online-session-opened.v1"] = json.OnlineSessionOpened,
        ["user.online-session-closed.v1"] = json.OnlineSessionClosed,
        ["user.user-blocked.v1"] = json.UserBlocked,
        ["user.user-unblocked.v1"] = json.UserUnblocked,
        ["user.inbox-message-queued.v1"] = json.InboxMessageQueued,
        ["user.inbox-delivered.v1"] = json.InboxDelivered,
        ["user.state.v4"] = json.UserState,
    };

    private static Dictionary<string, Func<ReadOnlyMemory<byte>, object>> BuildUpcasters(UserJsonContext json) => new(StringComparer.Ordinal)
    {
        ["user.state.v3"] = payload => UpcastState(payload, json, "user.state.v3"),
        ["user.state.v2"] = payload => UpcastState(payload, json, "user.state.v2"),
        ["user.state.v1"] = payload => UpcastState(payload, json, "user.state.v1"),
    };

    // Version 1 snapshots lack status, profile, roles and sessions; version 2 lacks online sessions, blocks and the
    // inbox; version 3 lacks the device-mode lock-out budgets: read any into the new shape with empty lists, clear
    // budgets and the inbox numbered from 1 (the serializer leaves absent members at their type's default, not at the
    // property's initial value).
    private static UserState UpcastState(ReadOnlyMemory<byte> payload, UserJsonContext json, string manifest)
    {
        var state = JsonSerializer.Deserialize(payload.Span, json.UserState) ?? throw new JsonException($"payload of '{manifest}' is null");
        return state with
        {
            Roles = state.Roles ?? [],
            Sessions = state.Sessions ?? [],
            RevokedTokens = state.RevokedTokens ?? [],
            OnlineSessions = state.OnlineSessions ?? [],
            Blocked = state.Blocked ?? [],
            Inbox = state.Inbox ?? [],
            NextInboxNumber = Math.Max(1, state.NextInboxNumber),
            Untrusted = state.Untrusted ?? LockoutPool.Clear,
            Devices = state.Devices ?? [],
        };
    }
}
