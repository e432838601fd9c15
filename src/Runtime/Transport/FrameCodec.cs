using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Transport;

/// <summary>What looking for a frame in received bytes found.</summary>
internal enum FrameScan
{
    /// <summary>A whole frame was taken off the buffer.</summary>
    Frame,

    /// <summary>The frame is not complete yet.</summary>
    NeedMore,

    /// <summary>The length prefix passes the bound: a protocol error.</summary>
    TooLarge,
}

/// <summary>
/// The frame format: a 4-byte big-endian length, then that many bytes of UTF-8 JSON,
/// <c>{"kind":"request","id":7,"manifest":"user.register.v1","payload":{...}}</c>. Reads straight from the pipe's
/// buffers; the payload is deserialized from its slice of them, never copied out first.
/// </summary>
internal static class FrameCodec
{
    public const int PrefixLength = 4;

    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ManifestName = JsonEncodedText.Encode("manifest");
    private static readonly JsonEncodedText PayloadName = JsonEncodedText.Encode("payload");

    /// <summary>Encodes a frame with its length prefix, ready to write.</summary>
    /// <exception cref="FrameTooLargeException">The frame passes <paramref name="maxFrameSize"/>.</exception>
    public static byte[] Encode(FrameKind kind, long correlationId, object payload, WireSerializer serializer, int maxFrameSize)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.GetSpan(PrefixLength);
        buffer.Advance(PrefixLength);
        var manifest = serializer.ManifestOf(payload);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(KindName, KindText(kind));
            json.WriteNumber(IdName, correlationId);
            json.WriteString(ManifestName, manifest);
            json.WritePropertyName(PayloadName);
            serializer.Write(json, payload);
            json.WriteEndObject();
        }

        var length = buffer.WrittenCount - PrefixLength;
        if (length > maxFrameSize)
        {
            throw new FrameTooLargeException($"a {manifest} frame of {length} bytes passes max-frame-size ({maxFrameSize})");
        }

        var frame = buffer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(frame, length);
        return frame;
    }

    /// <summary>Takes the next whole frame's JSON off <paramref name="buffer"/>, if it has arrived.</summary>
    public static FrameScan TryTake(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> json, out long declaredLength)
    {
        json = default;
        declaredLength = 0;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int length))
        {
            return FrameScan.NeedMore;
        }

        // A negative prefix is a length above 2 GiB: too large either way.
        declaredLength = length < 0 ? (long)uint.MaxValue : length;
        if (length < 0 || length > maxFrameSize)
        {
            return FrameScan.TooLarge;
        }

        if (reader.Remaining < length)
        {
            return FrameScan.NeedMore;
        }

        json = buffer.Slice(PrefixLength, length);
        buffer = buffer.Slice(json.End);
        return FrameScan.Frame;
    }

    /// <summary>Decodes a frame's JSON. A payload that cannot be read becomes a <see cref="Frame.Problem"/>.</summary>
    /// <exception cref="FrameFormatException">The envelope itself is malformed.</exception>
    public static Frame Decode(ReadOnlySequence<byte> json, WireSerializer serializer)
    {
        FrameKind? kind = null;
        long? id = null;
        string? manifest = null;
        ReadOnlySequence<byte>? payload = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a frame must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(KindName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    kind = ParseKind(reader.GetString());
                }
                else if (reader.ValueTextEquals(IdName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    id = reader.GetInt64();
                }
                else if (reader.ValueTextEquals(ManifestName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    manifest = reader.GetString();
                }
                else if (reader.ValueTextEquals(PayloadName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    var start = reader.TokenStartIndex;
                    reader.Skip();
                    payload = json.Slice(start, reader.BytesConsumed - start);
                }
                else
                {
                    // Unknown members are skipped: a newer peer may add some.
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw new FrameFormatException("a frame is not valid JSON", error);
        }

        Expect(kind is not null && id is not null && manifest is not null && payload is not null, "a frame needs kind, id, manifest and payload");
        try
        {
            return new Frame(kind!.Value, id!.Value, manifest!, serializer.Read(manifest!, payload!.Value));
        }
        catch (UnknownManifestException)
        {
            return new Frame(kind!.Value, id!.Value, manifest!, null, $"unknown manifest '{manifest}'");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            return new Frame(kind!.Value, id!.Value, manifest!, null, $"payload of '{manifest}' does not fit its type");
        }
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FrameFormatException(problem);
        }
    }

    private static string KindText(FrameKind kind) => kind switch
    {
        FrameKind.Hello => "hello",
        FrameKind.Request => "request",
        FrameKind.Reply => "reply",
        FrameKind.Failure => "failure",
        FrameKind.OneWay => "one-way",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static FrameKind ParseKind(string? text) => text switch
    {
        "hello" => FrameKind.Hello,
        "request" => FrameKind.Request,
        "reply" => FrameKind.Reply,
        "failure" => FrameKind.Failure,
        "one-way" => FrameKind.OneWay,
        _ => throw new FrameFormatException($"unknown frame kind '{text}'"),
    };
}
