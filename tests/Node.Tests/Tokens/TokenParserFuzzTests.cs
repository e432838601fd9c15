using System.Security.Cryptography;
using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Node.Tests.Tokens;

/// <summary>
/// The token parsers take whatever a client sends: mutated access, refresh and device tokens (and mixtures of them)
/// are refused, never thrown on, and never accepted unless unchanged.
/// </summary>
public sealed class TokenParserFuzzTests : IAsyncLifetime
{
    private const int Cases = 20_000;
    private readonly TokenTestBed bed = new();
    private SigningKeyRing ring = null!;

    public async ValueTask InitializeAsync() => ring = await bed.OpenRingAsync();

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task Mutated_tokens_are_refused_without_an_exception()
    {
        var random = RandomNumberGenerator.Create();
        var deviceKey = UserServices.DeriveDeviceTokenKey(new byte[32]);
        var access = bed.Issuer(ring).Issue("alice", "session-1", ["user"]).Token;
        var (refresh, _) = RefreshTokenFormat.Create("alice", RefreshTokenFormat.NewSessionId(random), random);
        var device = DeviceTokenFormat.Create("alice", DeviceTokenFormat.NewDeviceId(random), deviceKey).Value;
        string[] seeds = [access, refresh.Value, device];
        var validator = bed.Validator(ring);
        var mutator = new Mutator(9068);

        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var input = mutator.NextText(seeds);
            var check = await validator.ValidateAsync(input);
            if (check.IsValid)
            {
                accepted++;
                check.Claims!.Subject.ShouldBe("alice", input);
            }

            if (RefreshTokenFormat.TryRead(input, out var user, out var session))
            {
                UserId.IsValid(user).ShouldBeTrue(input);
                session.ShouldNotBeEmpty(input);
            }

            if (DeviceTokenFormat.DeviceOf(input, "alice", deviceKey) is not null)
            {
                accepted++;
            }
        }

        // A mutation can leave a token whole (a truncation at its end, a deleted and re-inserted byte): rare, never many.
        accepted.ShouldBeLessThan(Cases / 100);
    }
}
