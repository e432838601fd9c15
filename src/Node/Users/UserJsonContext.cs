using System.Text.Json.Serialization;

namespace AuthActors.Node.Users;

/// <summary>Source-generated JSON for the user's events and snapshots.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(UserEvent.Registered))]
[JsonSerializable(typeof(UserEvent.LoginSucceeded))]
[JsonSerializable(typeof(UserEvent.LoginFailed))]
[JsonSerializable(typeof(UserEvent.Locked))]
[JsonSerializable(typeof(UserEvent.PasswordChanged))]
[JsonSerializable(typeof(UserEvent.PasswordRehashed))]
[JsonSerializable(typeof(UserEvent.Deleted))]
[JsonSerializable(typeof(UserEvent.ProfileSet))]
[JsonSerializable(typeof(UserEvent.RoleGranted))]
[JsonSerializable(typeof(UserEvent.SessionStarted))]
[JsonSerializable(typeof(UserEvent.RefreshRotated))]
[JsonSerializable(typeof(UserEvent.RefreshReuseDetected))]
[JsonSerializable(typeof(UserEvent.SessionEnded))]
[JsonSerializable(typeof(UserEvent.AllSessionsEnded))]
[JsonSerializable(typeof(UserEvent.AccessTokenRevoked))]
[JsonSerializable(typeof(UserEvent.Banned))]
[JsonSerializable(typeof(UserEvent.Unbanned))]
[JsonSerializable(typeof(UserEvent.Unlocked))]
[JsonSerializable(typeof(UserEvent.Withdrawn))]
[JsonSerializable(typeof(UserEvent.OnlineSessionOpened))]
[JsonSerializable(typeof(UserEvent.OnlineSessionClosed))]
[JsonSerializable(typeof(UserEvent.UserBlocked))]
[JsonSerializable(typeof(UserEvent.UserUnblocked))]
[JsonSerializable(typeof(UserEvent.InboxMessageQueued))]
[JsonSerializable(typeof(UserEvent.InboxDelivered))]
[JsonSerializable(typeof(UserState))]
internal sealed partial class UserJsonContext : JsonSerializerContext;
