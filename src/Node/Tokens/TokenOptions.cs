using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Tokens;

/// <summary>Access tokens and the keys that sign them (section <c>tokens</c>).</summary>
public sealed class TokenOptions
{
    /// <summary>
    /// The <c>iss</c> claim tokens were written with before the issuer became a URL. Our own validator still accepts
    /// it: access tokens live minutes, so those signed before an upgrade expire soon after it, and our signature (not
    /// the issuer's name) is what makes a token ours, so accepting it unconditionally opens nothing.
    /// </summary>
    public const string LegacyIssuer = "authactors";

    /// <summary>What an operator is told when <see cref="Issuer"/> is not usable.</summary>
    public const string IssuerRule = "tokens.issuer must be an absolute http or https URL without query or fragment, such as https://auth.example.org";

    /// <summary>
    /// The <c>iss</c> claim written and required, and the base of every URL discovery names (OpenID Connect
    /// Discovery requires an https URL; http is allowed for local use). Never taken from a request's Host header.
    /// </summary>
    public string Issuer { get; set; } = "http://localhost:8080";

    /// <summary>The <c>aud</c> claim written and required.</summary>
    public string Audience { get; set; } = "authactors";

    /// <summary>How long an access token is valid; short, because it cannot be revoked before it expires.</summary>
    [ConfigurationKeyName("access-token-lifetime")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tolerated difference between the clocks of the issuer and a verifier.</summary>
    [ConfigurationKeyName("clock-skew")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Section <c>tokens.signing</c>.</summary>
    public SigningSection Signing { get; set; } = new();

    /// <summary>Throws a one-line error when a setting is out of range.</summary>
    public TokenOptions Validated()
    {
        Require(IsUsableIssuer(Issuer), IssuerRule);
        Require(!string.IsNullOrWhiteSpace(Audience), "tokens.audience must not be empty");
        Require(AccessTokenLifetime > TimeSpan.Zero, "tokens.access-token-lifetime must be positive");
        Require(ClockSkew >= TimeSpan.Zero, "tokens.clock-skew must not be negative");
        Require(Signing.RotateAfter > TimeSpan.Zero, "tokens.signing.rotate-after must be positive");
        Require(Signing.ReloadEvery > TimeSpan.Zero, "tokens.signing.reload-every must be positive");
        return this;
    }

    /// <summary>The issuers our validator accepts: the configured one and, until old tokens have expired, the legacy name.</summary>
    public IReadOnlyList<string> AcceptedIssuers() => Issuer == LegacyIssuer ? [Issuer] : [Issuer, LegacyIssuer];

    private static bool IsUsableIssuer(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && issuer.IndexOfAny(['?', '#']) < 0;

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Section <c>tokens.signing</c>.</summary>
    public sealed class SigningSection
    {
        /// <summary>A new key starts signing when the newest is this old.</summary>
        [ConfigurationKeyName("rotate-after")]
        public TimeSpan RotateAfter { get; set; } = TimeSpan.FromDays(30);

        /// <summary>How often a node reads the key table, so keys made by other nodes reach it.</summary>
        [ConfigurationKeyName("reload-every")]
        public TimeSpan ReloadEvery { get; set; } = TimeSpan.FromMinutes(1);

        /// <summary>
        /// 256-bit AES key (base64) that encrypts the private keys in the database. Empty: generated into the data
        /// directory on first start.
        /// </summary>
        [ConfigurationKeyName("key-encryption-key")]
        public string KeyEncryptionKey { get; set; } = "";
    }
}
