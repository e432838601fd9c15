using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Node.Tests.Tokens;

/// <summary>Tokens built by hand, the way an attacker would, without the issuer.</summary>
internal static class ForgedTokens
{
    public static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static string Decode(string segment) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segment));

    public static string[] Parts(string token) => token.Split('.');

    /// <summary>A payload a validator would otherwise accept, valid from <paramref name="now"/> for ten minutes.</summary>
    public static string Payload(DateTimeOffset now, string issuer = "authactors", string audience = "authactors")
    {
        var iat = now.ToUnixTimeSeconds();
        return $$"""{"sub":"mallory","sid":"s1","roles":["admin"],"jti":"j1","iss":"{{issuer}}","aud":"{{audience}}","iat":{{iat}},"nbf":{{iat}},"exp":{{iat + 600}}}""";
    }

    public static string Unsigned(string headerJson, string payloadJson) => $"{Segment(headerJson)}.{Segment(payloadJson)}.";

    public static string Hs256(string headerJson, string payloadJson, byte[] secret)
    {
        var signingInput = $"{Segment(headerJson)}.{Segment(payloadJson)}";
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(mac)}";
    }

    public static string Es256(string headerJson, string payloadJson, ECDsa key)
    {
        var signingInput = $"{Segment(headerJson)}.{Segment(payloadJson)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
