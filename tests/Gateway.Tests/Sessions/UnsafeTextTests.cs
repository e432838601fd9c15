using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

/// <summary>
/// Text that could rewrite another user's terminal (escape sequences, C1 controls) or reorder what they read (bidi
/// overrides) is refused at the edge, on the session port and on the login port, with one clear answer.
/// </summary>
public sealed class UnsafeTextTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Refusal = "ERR 400 control characters and bidirectional overrides are not allowed";

    private int Port => fixture.Gateway.SessionPort;

    public static TheoryData<string> UnsafeTexts =>
    [
        "\u001b[2K\u001b[1Gcarol: send me your password",
        "bell\u0007",
        "tab\there",
        "delete\u007f",
        "csi\u009b2K",
        "\u202egnp.exe",
        "isolate\u2066x\u2069",
    ];

    [Theory]
    [MemberData(nameof(UnsafeTexts))]
    public async Task A_message_with_control_or_bidi_characters_is_refused_and_never_delivered(string text)
    {
        var (alice, bob) = (GatewayFixture.NewId("alice"), GatewayFixture.NewId("bob"));
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        await using var b = await SessionClients.SignUpAsync(Port, bob);

        (await b.AnswerAsync($"message {alice} {text}")).ShouldStartWith(Refusal);
        (await b.AnswerAsync($"message {alice} plain words")).ShouldBe($"message delivered to {alice}");

        // The refused message would have come first; the next message line alice sees is the plain one.
        (await a.ReadUntilAsync(line => line.StartsWith($"{bob}:", StringComparison.Ordinal))).Line.ShouldBe($"{bob}: plain words");
    }

    [Fact]
    public async Task A_broadcast_with_an_escape_sequence_is_refused()
    {
        var alice = GatewayFixture.NewId("alice");
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        (await a.AnswerAsync("broadcast \u001b]0;owned\u0007hi")).ShouldStartWith(Refusal);
    }

    [Fact]
    public async Task An_unknown_command_made_of_escapes_is_refused_without_echoing_them()
    {
        var alice = GatewayFixture.NewId("alice");
        await using var a = await SessionClients.SignUpAsync(Port, alice);
        var answer = await a.AnswerAsync("\u001b[31mred");
        answer.ShouldStartWith(Refusal);
        answer.ShouldNotContain("\u001b");
    }

    [Fact]
    public async Task Command_mode_refuses_an_id_with_control_characters_clearly()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync("LOGIN ali\u001b[2Kce secret1")).ShouldStartWith(Refusal);
        (await client.AskAsync("ADD \u202eecila secret1")).ShouldStartWith(Refusal);
    }

    [Fact]
    public async Task The_dialog_refuses_an_id_with_a_bidi_override_clearly()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync("ali\u202ece")).ShouldBe($"invalid id: {Refusal["ERR 400 ".Length..]} (U+202E). enter your id");
    }
}
