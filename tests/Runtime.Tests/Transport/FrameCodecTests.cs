using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using AuthActors.Messages;
using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Tests.Transport;

public sealed class FrameCodecTests
{
    private const int Max = 64 * 1024;
    private static readonly WireSerializer Serializer = new WireSerializer().RegisterAll(MessagesWire.Types);

    [Fact]
    public void A_frame_is_a_big_endian_length_and_a_json_envelope()
    {
        var bytes = FrameCodec.Encode(FrameKind.Request, 7, new GetUserStatus("alice"), Serializer, Max);
        BinaryPrimitives.ReadInt32BigEndian(bytes).ShouldBe(bytes.Length - 4);
        Encoding.UTF8.GetString(bytes, 4, bytes.Length - 4)
            .ShouldBe("""{"kind":"request","id":7,"manifest":"user.get-status.v1","payload":{"userId":"alice"}}""");
    }

    [Fact]
    public void A_frame_split_across_buffers_decodes_whole()
    {
        var first = FrameCodec.Encode(FrameKind.Reply, 1, new Rejected(ErrorCode.Locked, "locked", TimeSpan.FromSeconds(5)), Serializer, Max);
        var second = FrameCodec.Encode(FrameKind.OneWay, 2, new Unban("bob"), Serializer, Max);
        var buffer = Segmented([.. first, .. second], segment: 5);

        FrameCodec.TryTake(ref buffer, Max, out var json, out _).ShouldBe(FrameScan.Frame);
        var frame = FrameCodec.Decode(json, Serializer);
        frame.Kind.ShouldBe(FrameKind.Reply);
        frame.CorrelationId.ShouldBe(1);
        frame.Payload.ShouldBeOfType<Rejected>().RetryAfter.ShouldBe(TimeSpan.FromSeconds(5));

        FrameCodec.TryTake(ref buffer, Max, out json, out _).ShouldBe(FrameScan.Frame);
        FrameCodec.Decode(json, Serializer).Payload.ShouldBe(new Unban("bob"));
        buffer.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_partial_frame_waits_for_more()
    {
        var bytes = FrameCodec.Encode(FrameKind.Request, 3, new GetProfile("carol"), Serializer, Max);
        foreach (var cut in new[] { 0, 3, 4, bytes.Length - 1 })
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, cut);
            FrameCodec.TryTake(ref buffer, Max, out _, out _).ShouldBe(FrameScan.NeedMore);
            buffer.Length.ShouldBe(cut);
        }
    }

    [Fact]
    public void A_length_past_the_bound_is_too_large_before_its_bytes_arrive()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, Max + 1);
        var buffer = new ReadOnlySequence<byte>(header);
        FrameCodec.TryTake(ref buffer, Max, out _, out var declared).ShouldBe(FrameScan.TooLarge);
        declared.ShouldBe(Max + 1);

        BinaryPrimitives.WriteInt32BigEndian(header, -1);
        buffer = new ReadOnlySequence<byte>(header);
        FrameCodec.TryTake(ref buffer, Max, out _, out _).ShouldBe(FrameScan.TooLarge);
    }

    [Fact]
    public void Encoding_a_frame_past_the_bound_refuses()
    {
        var huge = new Ban("alice", new string('x', Max));
        Should.Throw<FrameTooLargeException>(() => FrameCodec.Encode(FrameKind.Request, 1, huge, Serializer, Max))
            .Message.ShouldContain("user.ban.v1");
    }

    [Fact]
    public void An_unknown_manifest_is_a_problem_of_that_frame_not_of_the_connection()
    {
        var frame = FrameCodec.Decode(Json("""{"kind":"request","id":9,"manifest":"user.teleport.v1","payload":{"x":1},"extra":[1,2]}"""), Serializer);
        frame.Kind.ShouldBe(FrameKind.Request);
        frame.CorrelationId.ShouldBe(9);
        frame.Payload.ShouldBeNull();
        frame.Problem.ShouldBe("unknown manifest 'user.teleport.v1'");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"kind":"request","id":1,"manifest":"user.unban.v1"}""")]
    [InlineData("""{"kind":"shout","id":1,"manifest":"user.unban.v1","payload":{"userId":"a"}}""")]
    [InlineData("""[1,2,3]""")]
    public void A_malformed_envelope_is_a_format_error(string json) =>
        Should.Throw<FrameFormatException>(() => FrameCodec.Decode(Json(json), Serializer));

    private static ReadOnlySequence<byte> Json(string text) => new(Encoding.UTF8.GetBytes(text));

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segment)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segment)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segment, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
