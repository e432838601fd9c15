using System.Text.Json.Serialization.Metadata;

namespace AuthActors.Messages;

/// <summary>
/// The wire names of every command and reply: manifest → source-generated type info. The manifests are the
/// protocol between processes of different versions, so a name never changes meaning: a new shape gets a new
/// version (<c>.v2</c>) and the old one stays readable. Runtime's <c>WireSerializer.RegisterAll</c> takes this table,
/// so the contract names its own types and the runtime stays free of them.
/// </summary>
public static class MessagesWire
{
    /// <summary>Every manifest with its type info, commands first.</summary>
    public static IReadOnlyDictionary<string, JsonTypeInfo> Types { get; } = Build(MessagesJsonContext.Default);

    private static Dictionary<string, JsonTypeInfo> Build(MessagesJsonContext json) => new(StringComparer.Ordinal)
    {
        ["user.audited.v1"] = json.Audited,
        ["user.get-status.v1"] = json.GetUserStatus,
        ["user.register.v1"] = json.Register,
        ["user.authenticate.v1"] = json.Authenticate,
        ["user.change-password.v1"] = json.ChangePassword,
        ["user.delete.v1"] = json.DeleteUser,
        ["user.get-profile.v1"] = json.GetProfile,
        ["user.issue-tokens.v1"] = json.IssueTokens,
        ["user.refresh-tokens.v1"] = json.RefreshTokens,
        ["user.revoke-refresh-token.v1"] = json.RevokeRefreshToken,
        ["user.revoke-access-token.v1"] = json.RevokeAccessToken,
        ["user.check-access-token.v1"] = json.CheckAccessToken,
        ["user.check-refresh-token.v1"] = json.CheckRefreshToken,
        ["user.list-sessions.v1"] = json.ListSessions,
        ["user.end-session.v1"] = json.EndSession,
        ["user.withdraw.v1"] = json.Withdraw,
        ["user.ban.v1"] = json.Ban,
        ["user.unban.v1"] = json.Unban,
        ["user.unlock.v1"] = json.Unlock,
        ["user.end-all-sessions.v1"] = json.EndAllSessions,
        ["user.ensure-admin.v1"] = json.EnsureAdmin,
        ["user.open-online-session.v1"] = json.OpenOnlineSession,
        ["user.close-online-session.v1"] = json.CloseOnlineSession,
        ["user.acknowledge-inbox.v1"] = json.AcknowledgeInbox,
        ["user.block-user.v1"] = json.BlockUser,
        ["user.unblock-user.v1"] = json.UnblockUser,
        ["user.deliver-message.v1"] = json.DeliverMessage,
        ["user.export-credential.v1"] = json.ExportCredential,
        ["user.status.v1"] = json.UserStatus,
        ["user.registered.v1"] = json.Registered,
        ["user.authenticated.v1"] = json.Authenticated,
        ["user.password-changed.v1"] = json.PasswordChanged,
        ["user.deleted.v1"] = json.UserDeleted,
        ["user.rejected.v1"] = json.Rejected,
        ["user.tokens-issued.v1"] = json.TokensIssued,
        ["user.revoked.v1"] = json.Revoked,
        ["user.token-status.v1"] = json.TokenStatus,
        ["user.session-list.v1"] = json.SessionList,
        ["user.session-ended.v1"] = json.SessionEnded,
        ["user.profile.v1"] = json.UserProfile,
        ["user.account-changed.v1"] = json.AccountChanged,
        ["user.withdrawn.v1"] = json.Withdrawn,
        ["user.online-session-opened.v1"] = json.OnlineSessionOpened,
        ["user.online-session-closed.v1"] = json.OnlineSessionClosed,
        ["user.inbox-acknowledged.v1"] = json.InboxAcknowledged,
        ["user.block-list-changed.v1"] = json.BlockListChanged,
        ["user.deliver-to-sessions.v1"] = json.DeliverToSessions,
        ["user.message-queued.v1"] = json.MessageQueued,
        ["user.recipient-offline.v1"] = json.RecipientOffline,
        ["user.credential-exported.v1"] = json.CredentialExported,
        ["gateway.write-to-session.v1"] = json.WriteToSession,
        ["gateway.session-written.v1"] = json.SessionWritten,
        ["gateway.announce-presence.v1"] = json.AnnouncePresence,
        ["gateway.presence-announced.v1"] = json.PresenceAnnounced,
    };
}
