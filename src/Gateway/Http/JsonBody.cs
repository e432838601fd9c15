using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Http;

/// <summary>
/// Reads a JSON request body with exact answers for each way it can be wrong: 415 not JSON, 413 too large,
/// 400 malformed or of the wrong shape. The size is checked while reading, so a liar's Content-Length costs nothing.
/// </summary>
internal static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer instead.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.MaxBodySize;
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own limits (body size, a client too slow to send) end the read with their status.
            return (null, error.StatusCode == 413 ? Problems.TooLarge(limit) : Problems.Create(error.StatusCode, "the request body could not be read", null, null));
        }

        try
        {
            var value = JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), typeInfo);
            return value is null ? (null, Problems.InvalidInput("the body must be a JSON object")) : (value, null);
        }
        catch (JsonException error)
        {
            // The parser's message names the path and position but never echoes the body (which may hold a password).
            return (null, Problems.InvalidInput(DescribeJsonError(error)));
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static string DescribeJsonError(JsonException error) => error.Path is { Length: > 1 } path
        ? $"the body is not valid JSON for this request at {path} (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})"
        : $"the body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})";
}
