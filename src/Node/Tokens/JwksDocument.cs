using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace AuthActors.Node.Tokens;

/// <summary>The JSON Web Key Set (RFC 7517) served at <c>/.well-known/jwks.json</c>: the public keys only.</summary>
public static class JwksDocument
{
    /// <summary>The media type to serve it with.</summary>
    public const string ContentType = "application/jwk-set+json";

    /// <summary>The document's UTF-8 bytes for the given keys, in the given order.</summary>
    public static byte[] Build(IEnumerable<PublishedSigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var key in keys)
            {
                json.WriteStartObject();
                json.WriteString("kty", "EC");
                json.WriteString("crv", "P-256");
                json.WriteString("x", Base64Url.EncodeToString(key.X));
                json.WriteString("y", Base64Url.EncodeToString(key.Y));
                json.WriteString("kid", key.Kid);
                json.WriteString("use", "sig");
                json.WriteString("alg", SigningKeySet.Algorithm);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
