using System.Text.Json.Serialization;

namespace AuthActors.Node.Users;

/// <summary>Source-generated JSON for the user's events and snapshots.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UserEvent.Registered))]
[JsonSerializable(typeof(UserEvent.LoginSucceeded))]
[JsonSerializable(typeof(UserEvent.LoginFailed))]
[JsonSerializable(typeof(UserEvent.Locked))]
[JsonSerializable(typeof(UserEvent.PasswordChanged))]
[JsonSerializable(typeof(UserEvent.PasswordRehashed))]
[JsonSerializable(typeof(UserEvent.Deleted))]
[JsonSerializable(typeof(UserState))]
internal sealed partial class UserJsonContext : JsonSerializerContext;
