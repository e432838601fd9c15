using System.Buffers;
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

        // One pooled buffer, sized by Content-Length when the client sent one (plus a byte, so that the end is seen
        // without growing); cleared when returned, since a login body holds a password.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize(request.ContentLength, limit));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, limit);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    return (null, Problems.TooLarge(limit));
                }
            }

            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            return value is null ? (null, Problems.InvalidInput("the body must be a JSON object")) : (value, null);
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's own limits (body size, a client too slow to send) end the read with their status.
            return (null, error.StatusCode == 413 ? Problems.TooLarge(limit) : Problems.Create(error.StatusCode, "the request body could not be read", null, null));
        }
        catch (JsonException error)
        {
            // The parser's message names the path and position but never echoes the body (which may hold a password).
            return (null, Problems.InvalidInput(DescribeJsonError(error)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static int InitialSize(long? contentLength, int limit) => (int)Math.Min(
        contentLength is { } declared && declared <= limit ? declared + 1 : Math.Min(4096L, limit + 1L),
        Array.MaxLength);

    /// <summary>A buffer twice as large (at most one byte over the limit, which is enough to tell "too large").</summary>
    private static byte[] Grow(byte[] full, int length, int limit)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)full.Length * 2, limit + 1L), Array.MaxLength));
        full.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(full, clearArray: true);
        return larger;
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
