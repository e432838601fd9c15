namespace AuthActors.Node.Tokens;

/// <summary>Why an access token was refused; stable, so the gateway can map each to its answer.</summary>
public enum AccessTokenRefusal
{
    /// <summary>Not a compact JWS, or a header, payload or required claim that cannot be read.</summary>
    Malformed,

    /// <summary>The header's <c>alg</c> is not ES256: <c>none</c>, HMAC (key confusion) and all others.</summary>
    AlgorithmNotAllowed,

    /// <summary>The header's <c>typ</c> is not <c>at+jwt</c>: another kind of token.</summary>
    WrongType,

    /// <summary>No <c>kid</c>, or one that is not (or no longer) published.</summary>
    UnknownKey,

    /// <summary>The signature does not match the header and payload.</summary>
    BadSignature,

    /// <summary><c>exp</c> is past, beyond the clock skew.</summary>
    Expired,

    /// <summary><c>nbf</c> is ahead, beyond the clock skew.</summary>
    NotYetValid,

    /// <summary><c>iss</c> is not this service.</summary>
    WrongIssuer,

    /// <summary><c>aud</c> is not this service.</summary>
    WrongAudience,
}

/// <summary>What a valid access token says.</summary>
public sealed record AccessTokenClaims(
    string Subject,
    string SessionId,
    IReadOnlyList<string> Roles,
    string TokenId,
    DateTimeOffset ExpiresAt,
    string Kid)
{
    /// <summary>The claim holding the user's roles, always a JSON array.</summary>
    public const string RolesClaim = "roles";
}

/// <summary>The outcome of validating an access token: its claims, or why it was refused. Never an exception.</summary>
public sealed class AccessTokenCheck
{
    private static readonly AccessTokenCheck[] Refusals =
        [.. Enum.GetValues<AccessTokenRefusal>().Select(reason => new AccessTokenCheck(null, reason))];

    private AccessTokenCheck(AccessTokenClaims? claims, AccessTokenRefusal reason)
    {
        Claims = claims;
        Reason = reason;
    }

    /// <summary>The claims when valid, else null.</summary>
    public AccessTokenClaims? Claims { get; }

    /// <summary>Whether the token is valid.</summary>
    public bool IsValid => Claims is not null;

    /// <summary>Why it was refused; meaningless when valid.</summary>
    public AccessTokenRefusal Reason { get; }

    /// <summary>A valid token's outcome.</summary>
    public static AccessTokenCheck Valid(AccessTokenClaims claims) => new(claims ?? throw new ArgumentNullException(nameof(claims)), default);

    /// <summary>A refusal; shared instances, so refusing allocates nothing.</summary>
    public static AccessTokenCheck Refused(AccessTokenRefusal reason) => Refusals[(int)reason];

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"valid for {Claims!.Subject}" : $"refused: {Reason}";
}
