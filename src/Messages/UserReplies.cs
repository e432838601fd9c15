using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>What a user entity answers.</summary>
public interface IUserReply;

/// <summary>Tells whether the user exists.</summary>
public sealed record UserStatus(string UserId, bool Exists) : IUserReply;

/// <summary>The user was created.</summary>
public sealed record Registered(string UserId) : IUserReply;

/// <summary>The password was right.</summary>
public sealed record Authenticated(string UserId) : IUserReply;

/// <summary>The password was replaced.</summary>
public sealed record PasswordChanged(string UserId) : IUserReply;

/// <summary>The user was deleted.</summary>
public sealed record UserDeleted(string UserId) : IUserReply;

/// <summary>
/// The command was refused. <paramref name="Reasons"/> holds one message per broken rule (at least one);
/// <paramref name="RetryAfter"/> is set when waiting helps (a lock-out, a busy service).
/// </summary>
public sealed record Rejected(ErrorCode Code, IReadOnlyList<string> Reasons, TimeSpan? RetryAfter = null) : IUserReply
{
    /// <summary>A rejection with one reason.</summary>
    public Rejected(ErrorCode code, string reason, TimeSpan? retryAfter = null)
        : this(code, [reason], retryAfter)
    {
    }

    /// <summary>The first reason, for clients that show one line.</summary>
    [JsonIgnore]
    public string Message => Reasons[0];
}
