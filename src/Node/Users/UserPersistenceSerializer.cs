using System.Text.Json;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Node.Users;

/// <summary>The manifests of the user's events and snapshot. A manifest, once stored, is never reused for another shape.</summary>
public static class UserPersistenceSerializer
{
    /// <summary>A serializer that knows every user event and the user snapshot.</summary>
    public static JsonPersistenceSerializer Create()
    {
        var json = UserJsonContext.Default;
        return new JsonPersistenceSerializer()
            .Register("user.registered.v1", json.Registered)
            .Register("user.login-succeeded.v1", json.LoginSucceeded)
            .Register("user.login-failed.v1", json.LoginFailed)
            .Register("user.locked.v1", json.Locked)
            .Register("user.password-changed.v1", json.PasswordChanged)
            .Register("user.password-rehashed.v1", json.PasswordRehashed)
            .Register("user.deleted.v1", json.Deleted)
            .Register("user.profile-set.v1", json.ProfileSet)
            .Register("user.role-granted.v1", json.RoleGranted)
            .Register("user.session-started.v1", json.SessionStarted)
            .Register("user.refresh-rotated.v1", json.RefreshRotated)
            .Register("user.refresh-reuse-detected.v1", json.RefreshReuseDetected)
            .Register("user.session-ended.v1", json.SessionEnded)
            .Register("user.all-sessions-ended.v1", json.AllSessionsEnded)
            .Register("user.access-token-revoked.v1", json.AccessTokenRevoked)
            .Register("user.banned.v1", json.Banned)
            .Register("user.unbanned.v1", json.Unbanned)
            .Register("user.unlocked.v1", json.Unlocked)
            .Register("user.withdrawn.v1", json.Withdrawn)
            .Register("user.online-session-opened.v1", json.OnlineSessionOpened)
            .Register("user.online-session-closed.v1", json.OnlineSessionClosed)
            .Register("user.user-blocked.v1", json.UserBlocked)
            .Register("user.user-unblocked.v1", json.UserUnblocked)
            .Register("user.inbox-message-queued.v1", json.InboxMessageQueued)
            .Register("user.inbox-delivered.v1", json.InboxDelivered)
            .Register("user.state.v4", json.UserState)
            .RegisterUpcaster("user.state.v3", payload => UpcastState(payload, json, "user.state.v3"))
            .RegisterUpcaster("user.state.v2", payload => UpcastState(payload, json, "user.state.v2"))
            .RegisterUpcaster("user.state.v1", payload => UpcastState(payload, json, "user.state.v1"));
    }

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
