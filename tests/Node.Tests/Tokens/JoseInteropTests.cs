using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AuthActors.Node.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Node.Tests.Tokens;

/// <summary>
/// Tokens verified by jose (npm), a second JWT implementation, from the JWKS alone. Needs Node.js on PATH and
/// <c>npm ci --prefix tests/interop</c>; fails, never skips, without them.
/// </summary>
public sealed class JoseInteropTests : IAsyncLifetime
{
    private static readonly string InteropDirectory = Path.Combine(RepositoryLayout.Root, "tests", "interop");

    private readonly TokenTestBed bed = new();
    private SigningKeyRing ring = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => ring = await bed.OpenRingAsync();

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task Jose_verifies_an_issued_token_from_the_jwks_alone()
    {
        var token = bed.Issuer(ring).Issue("alice", "session-1", ["user", "admin"]).Token;

        var (exitCode, output, error) = await VerifyWithJoseAsync(token);

        exitCode.ShouldBe(0, $"jose refused a valid token: {error}");
        var printed = JsonDocument.Parse(output).RootElement;
        var payload = printed.GetProperty("payload");
        payload.GetProperty("sub").GetString().ShouldBe("alice");
        payload.GetProperty("sid").GetString().ShouldBe("session-1");
        payload.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["user", "admin"]);
        printed.GetProperty("header").GetProperty("kid").GetString().ShouldBe(ring.Current.SignerKid);
    }

    [Fact]
    public async Task Jose_verifies_a_single_role_as_an_array()
    {
        var token = bed.Issuer(ring).Issue("bob", "s2", ["user"]).Token;

        var (exitCode, output, error) = await VerifyWithJoseAsync(token);

        exitCode.ShouldBe(0, error);
        JsonDocument.Parse(output).RootElement.GetProperty("payload").GetProperty("roles").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task Jose_refuses_a_tampered_token()
    {
        var parts = ForgedTokens.Parts(bed.Issuer(ring).Issue("alice", "s", ["user"]).Token);
        var payload = ForgedTokens.Decode(parts[1]).Replace("\"alice\"", "\"admin\"", StringComparison.Ordinal);

        var (exitCode, _, error) = await VerifyWithJoseAsync($"{parts[0]}.{ForgedTokens.Segment(payload)}.{parts[2]}");

        exitCode.ShouldBe(1);
        error.ShouldContain("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    }

    [Fact]
    public async Task Jose_refuses_a_token_signed_with_a_key_not_in_the_jwks()
    {
        var token = bed.Issuer(ring).Issue("alice", "s", []).Token;
        var otherBed = new TokenTestBed();
        await using (otherBed)
        {
            var otherRing = await otherBed.OpenRingAsync();

            var (exitCode, _, error) = await VerifyWithJoseAsync(token, otherRing.Current.Jwks);

            exitCode.ShouldBe(1);
            error.ShouldContain("ERR_JWKS_NO_MATCHING_KEY");
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> VerifyWithJoseAsync(string token, ReadOnlyMemory<byte>? jwks = null)
    {
        RequireJose();
        var jwksFile = Path.Combine(bed.DataDirectory, $"jwks-{Guid.NewGuid():N}.json");
        var tokenFile = Path.Combine(bed.DataDirectory, $"token-{Guid.NewGuid():N}.txt");
        await File.WriteAllBytesAsync(jwksFile, (jwks ?? ring.Current.Jwks).ToArray(), Ct);
        await File.WriteAllTextAsync(tokenFile, token, Ct);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(InteropDirectory, "verify-jwt.mjs"), jwksFile, tokenFile, bed.Options.Issuer, bed.Options.Audience,
            bed.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException(
                $"node is not on PATH ({error.Message}): the interop tests need Node.js and `npm ci --prefix tests/interop`");
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await output, await error);
        }
    }

    private static void RequireJose()
    {
        var jose = Path.Combine(InteropDirectory, "node_modules", "jose", "package.json");
        if (!File.Exists(jose))
        {
            throw new InvalidOperationException(
                $"{jose} is missing: run `npm ci --prefix tests/interop --no-audit --no-fund` before the tests (scripts/test does)");
        }
    }
}
