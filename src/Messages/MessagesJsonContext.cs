using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>
/// Source-generated JSON for every command and reply that crosses between processes: no reflection at run time,
/// enums as their names, secrets as their values (see <see cref="SecretJsonConverter"/>),
/// rejections through their plain shape (see <see cref="RejectedJsonConverter"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SecretJsonConverter), typeof(RejectedJsonConverter)])]
[JsonSerializable(typeof(Audited))]
[JsonSerializable(typeof(GetUserStatus))]
[JsonSerializable(typeof(ExportCredential))]
[JsonSerializable(typeof(CredentialExported))]
[JsonSerializable(typeof(Register))]
[JsonSerializable(typeof(Authenticate))]
[JsonSerializable(typeof(ChangePassword))]
[JsonSerializable(typeof(DeleteUser))]
[JsonSerializable(typeof(GetProfile))]
[JsonSerializable(typeof(IssueTokens))]
[JsonSerializable(typeof(RefreshTokens))]
[JsonSerializable(typeof(RevokeRefreshToken))]
[JsonSerializable(typeof(RevokeAccessToken))]
[JsonSerializable(typeof(CheckAccessToken))]
[JsonSerializable(typeof(CheckRefreshToken))]
[JsonSerializable(typeof(ListSessions))]
[JsonSerializable(typeof(EndSession))]
[JsonSerializable(typeof(Withdraw))]
[JsonSerializable(typeof(Ban))]
[JsonSerializable(typeof(Unban))]
[JsonSerializable(typeof(Unlock))]
[JsonSerializable(typeof(EndAllSessions))]
[JsonSerializable(typeof(EnsureAdmin))]
[JsonSerializable(typeof(UserStatus))]
[JsonSerializable(typeof(Registered))]
[JsonSerializable(typeof(Authenticated))]
[JsonSerializable(typeof(PasswordChanged))]
[JsonSerializable(typeof(UserDeleted))]
[JsonSerializable(typeof(Rejected))]
[JsonSerializable(typeof(RejectedShape))]
[JsonSerializable(typeof(TokensIssued))]
[JsonSerializable(typeof(Revoked))]
[JsonSerializable(typeof(TokenStatus))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(SessionEnded))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(AccountChanged))]
[JsonSerializable(typeof(Withdrawn))]
[JsonSerializable(typeof(OpenOnlineSession))]
[JsonSerializable(typeof(CloseOnlineSession))]
[JsonSerializable(typeof(AcknowledgeInbox))]
[JsonSerializable(typeof(BlockUser))]
[JsonSerializable(typeof(UnblockUser))]
[JsonSerializable(typeof(DeliverMessage))]
[JsonSerializable(typeof(OnlineSessionOpened))]
[JsonSerializable(typeof(OnlineSessionClosed))]
[JsonSerializable(typeof(InboxAcknowledged))]
[JsonSerializable(typeof(BlockListChanged))]
[JsonSerializable(typeof(DeliverToSessions))]
[JsonSerializable(typeof(MessageQueued))]
[JsonSerializable(typeof(RecipientOffline))]
[JsonSerializable(typeof(WriteToSession))]
[JsonSerializable(typeof(SessionWritten))]
[JsonSerializable(typeof(AnnouncePresence))]
[JsonSerializable(typeof(PresenceAnnounced))]
internal sealed partial class MessagesJsonContext : JsonSerializerContext;
