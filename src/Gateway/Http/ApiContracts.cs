using System.Text.Json.Serialization;
using AuthActors.Messages;

namespace AuthActors.Gateway.Http;

/// <summary>The body of <c>POST /api/users</c>.</summary>
public sealed record SignUpRequest(string? Id, string? Password, string? Email, string? DisplayName);

/// <summary>The body of <c>POST /api/token</c>.</summary>
public sealed record TokenRequest(string? Id, string? Password, string? DeviceToken = null);

/// <summary>The body of <c>POST /api/token/refresh</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>The body of <c>POST /api/token/revoke</c>: a refresh or access token, and how much to end (token, family, all).</summary>
public sealed record RevokeRequest(string? Token, string? Scope);

/// <summary>The body of <c>POST /api/token/introspect</c> (RFC 7662 also accepts the form field <c>token</c>).</summary>
public sealed record IntrospectRequest(string? Token);

/// <summary>The body of <c>PUT /api/me/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>The body of <c>DELETE /api/me</c>: withdrawing needs the password again.</summary>
public sealed record WithdrawRequest(string? Password);

/// <summary>The body of <c>POST /api/admin/users/{id}/ban</c>.</summary>
public sealed record BanRequest(string? Reason);

/// <summary>A token pair, with the OAuth 2.0 field names (RFC 6749 section 5.1).</summary>
public sealed record TokenResponse(
    string AccessToken,
    string RefreshToken,
    string TokenType,
    int ExpiresIn,
    int RefreshTokenExpiresIn,
    string SessionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeviceToken = null);

/// <summary>A new account.</summary>
public sealed record SignUpResponse(string Id);

/// <summary>The owner's view of the account.</summary>
public sealed record ProfileResponse(
    string Id,
    AccountStatus Status,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    string? LastLoginFrom,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    string? BanReason,
    DateTimeOffset? WithdrawnAt,
    int ActiveSessions);

/// <summary>One session in <c>GET /api/me/sessions</c>.</summary>
public sealed record SessionResponse(
    string Id, SessionClient Client, DateTimeOffset StartedAt, DateTimeOffset LastUsedAt, string? From, DateTimeOffset ExpiresAt, bool Current);

/// <summary>The answer of <c>POST /api/token/revoke</c>.</summary>
public sealed record RevokeResponse(int SessionsEnded, bool AccessTokenRevoked);

/// <summary>The answer of <c>DELETE /api/me</c>.</summary>
public sealed record WithdrawResponse(string Id, DateTimeOffset FreeAgainAt);

/// <summary>The status of an account after an admin action.</summary>
public sealed record AccountResponse(string Id, AccountStatus Status);

/// <summary>An RFC 7662 introspection answer; only <c>active</c> when the token is not live.</summary>
public sealed record IntrospectionResponse(
    bool Active,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sub = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Exp = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Iat = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Iss = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Aud = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Roles = null);

/// <summary>One page of the admin's user list.</summary>
public sealed record UserPageResponse(IReadOnlyList<UserSummaryResponse> Users, int Page, int PageSize, int Total);

/// <summary>One user in the admin's list.</summary>
public sealed record UserSummaryResponse(
    string Id, AccountStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, DateTimeOffset? LockedUntil);

/// <summary>The OpenID Provider metadata this service can honestly publish.</summary>
public sealed record DiscoveryResponse(
    string Issuer,
    string JwksUri,
    string TokenEndpoint,
    string IntrospectionEndpoint,
    string RevocationEndpoint,
    IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    IReadOnlyList<string> GrantTypesSupported);

/// <summary>An RFC 9457 problem: status, title, detail and, for rule breaks, one message per broken rule.</summary>
public sealed record ProblemResponse(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfter = null);

/// <summary>Source-generated JSON for the API: snake_case names as OAuth uses, enums as lower-case strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    MaxDepth = 16)]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(RevokeRequest))]
[JsonSerializable(typeof(IntrospectRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(WithdrawRequest))]
[JsonSerializable(typeof(BanRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(SignUpResponse))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(IReadOnlyList<SessionResponse>))]
[JsonSerializable(typeof(RevokeResponse))]
[JsonSerializable(typeof(WithdrawResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(IntrospectionResponse))]
[JsonSerializable(typeof(UserPageResponse))]
[JsonSerializable(typeof(DiscoveryResponse))]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(ImportRequest))]
[JsonSerializable(typeof(ImportResponse))]
[JsonSerializable(typeof(ExportLineResponse))]
[JsonSerializable(typeof(KeyRotationResponse))]
[JsonSerializable(typeof(ClusterResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
