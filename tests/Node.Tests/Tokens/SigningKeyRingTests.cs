using System.Security.Cryptography;
using System.Text.Json;
using AuthActors.Node.Tokens;
using AuthActors.Runtime.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace AuthActors.Node.Tests.Tokens;

public sealed class SigningKeyRingTests : IAsyncLifetime
{
    private static readonly TimeSpan Lingering =
        TimeSpan.FromMinutes(1) + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30); // reload + lifetime + skew

    private readonly TokenTestBed bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => bed.DisposeAsync();

    [Fact]
    public async Task First_start_makes_one_key_and_publishes_it()
    {
        var ring = await bed.OpenRingAsync();

        var stored = await (await bed.OpenStoreAsync()).LoadAllAsync(Ct);
        stored.Count.ShouldBe(1);
        stored[0].Kid.ShouldBe(ring.Current.SignerKid);
        stored[0].Algorithm.ShouldBe("ES256");
        stored[0].CreatedAt.ShouldBe(bed.Clock.GetUtcNow());
        ring.Current.Published.Select(k => k.Kid).ShouldBe([ring.Current.SignerKid]);
    }

    [Fact]
    public async Task Jwks_lists_the_public_key_in_jwk_form_without_private_parts()
    {
        var ring = await bed.OpenRingAsync();

        var keys = JsonDocument.Parse(ring.Current.Jwks).RootElement.GetProperty("keys");

        keys.GetArrayLength().ShouldBe(1);
        var key = keys[0];
        key.GetProperty("kty").GetString().ShouldBe("EC");
        key.GetProperty("crv").GetString().ShouldBe("P-256");
        key.GetProperty("kid").GetString().ShouldBe(ring.Current.SignerKid);
        key.GetProperty("use").GetString().ShouldBe("sig");
        key.GetProperty("alg").GetString().ShouldBe("ES256");
        System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("x").GetString()).Length.ShouldBe(32);
        System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("y").GetString()).Length.ShouldBe(32);
        key.TryGetProperty("d", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Jwks_bytes_are_built_once_per_snapshot()
    {
        var ring = await bed.OpenRingAsync();
        var set = ring.Current;

        set.Jwks.Equals(set.Jwks).ShouldBeTrue();
        await ring.RefreshAsync(Ct);
        ring.Current.ShouldNotBeSameAs(set);
        ring.Current.Jwks.ToArray().ShouldBe(set.Jwks.ToArray());
    }

    [Fact]
    public async Task Rotation_signs_with_a_new_key_and_keeps_the_old_until_its_tokens_expired()
    {
        var ring = await bed.OpenRingAsync();
        var validator = bed.Validator(ring);
        var oldKid = ring.Current.SignerKid;
        bed.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        var oldToken = bed.Issuer(ring).Issue("alice", "s", []).Token;

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await ring.RefreshAsync(Ct);

        var newKid = ring.Current.SignerKid;
        newKid.ShouldNotBe(oldKid);
        ring.Current.Published.Select(k => k.Kid).ShouldBe([oldKid, newKid]);
        ring.Current.Published[0].PublishedUntil.ShouldBe(bed.Clock.GetUtcNow() + Lingering);
        Kids(ring.Current.Jwks).ShouldBe([oldKid, newKid]);
        (await validator.ValidateAsync(oldToken)).IsValid.ShouldBeTrue();
        (await validator.ValidateAsync(bed.Issuer(ring).Issue("bob", "s", []).Token)).Claims!.Kid.ShouldBe(newKid);

        bed.Clock.Advance(Lingering - TimeSpan.FromSeconds(1));
        await ring.RefreshAsync(Ct);
        Kids(ring.Current.Jwks).ShouldBe([oldKid, newKid]);

        bed.Clock.Advance(TimeSpan.FromSeconds(1));
        await ring.RefreshAsync(Ct);
        Kids(ring.Current.Jwks).ShouldBe([newKid]);
        (await validator.ValidateAsync(oldToken)).Reason.ShouldBe(AccessTokenRefusal.UnknownKey);
        (await (await bed.OpenStoreAsync()).LoadAllAsync(Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Rotate_now_signs_with_a_new_key_at_once_and_keeps_the_old_one_published_for_its_tokens()
    {
        var ring = await bed.OpenRingAsync();
        var validator = bed.Validator(ring);
        var oldKid = ring.Current.SignerKid;
        var oldToken = bed.Issuer(ring).Issue("alice", "s", []).Token;

        // Within the same millisecond as the first key: the rotated key still comes after it and signs.
        var newKid = await ring.RotateNowAsync(Ct);

        newKid.ShouldNotBe(oldKid);
        ring.Current.SignerKid.ShouldBe(newKid);
        ring.Current.Published.Select(k => k.Kid).ShouldBe([oldKid, newKid]);
        ring.Current.Published[0].PublishedUntil.ShouldBe(ring.Current.Published[1].CreatedAt + Lingering);
        (await validator.ValidateAsync(oldToken)).IsValid.ShouldBeTrue();
        (await validator.ValidateAsync(bed.Issuer(ring).Issue("bob", "s", []).Token)).Claims!.Kid.ShouldBe(newKid);

        // A second ring on the same store (another process, after its reload) agrees on the signer.
        var other = await bed.OpenRingAsync();
        other.Current.SignerKid.ShouldBe(newKid);
    }

    [Fact]
    public async Task No_rotation_before_rotate_after()
    {
        var ring = await bed.OpenRingAsync();
        var kid = ring.Current.SignerKid;

        bed.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await ring.RefreshAsync(Ct);

        ring.Current.SignerKid.ShouldBe(kid);
        (await (await bed.OpenStoreAsync()).LoadAllAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Token_signed_before_restart_still_verifies()
    {
        var before = await bed.OpenRingAsync();
        var token = bed.Issuer(before).Issue("alice", "session-1", ["user"]).Token;
        before.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var after = await bed.OpenRingAsync();

        after.Current.SignerKid.ShouldBe(before.Current.SignerKid);
        var check = await bed.Validator(after).ValidateAsync(token);
        check.IsValid.ShouldBeTrue(check.ToString());
        check.Claims!.Subject.ShouldBe("alice");
        (await bed.Validator(before).ValidateAsync(bed.Issuer(after).Issue("bob", "s", []).Token)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Private_key_is_not_stored_in_clear()
    {
        var ring = await bed.OpenRingAsync();
        var privateKey = ((ECDsaSecurityKey)ring.Current.Signer.Key).ECDsa;
        var pkcs8 = privateKey.ExportPkcs8PrivateKey();
        var d = privateKey.ExportParameters(includePrivateParameters: true).D!;
        var publicKey = privateKey.ExportSubjectPublicKeyInfo();

        var bytes = bed.DatabaseBytes();

        bytes.AsSpan().IndexOf(publicKey).ShouldBeGreaterThanOrEqualTo(0, "the search must find what is stored in clear");
        bytes.AsSpan().IndexOf(d).ShouldBe(-1);
        bytes.AsSpan().IndexOf(pkcs8).ShouldBe(-1);
    }

    [Fact]
    public async Task Wrong_key_encryption_key_gives_a_clear_error()
    {
        var ring = await bed.OpenRingAsync();

        var error = await Should.ThrowAsync<SigningKeyDecryptionException>(bed.OpenRingAsync(new byte[32]));

        error.Message.ShouldBe(
            $"cannot decrypt signing key {ring.Current.SignerKid}: the key-encryption key is not the one it was written with");
        error.ShouldBeAssignableTo<InvalidOperationException>(); // what the gateway prints as one line and exits on
    }

    [Fact]
    public void Ciphertext_moved_to_another_kid_does_not_decrypt()
    {
        var protector = new SigningKeyProtector(bed.KeyEncryptionKey);
        var sealedKey = protector.Protect("kid-a", [1, 2, 3]);

        protector.Unprotect("kid-a", sealedKey).ShouldBe(new byte[] { 1, 2, 3 });
        Should.Throw<SigningKeyDecryptionException>(() => protector.Unprotect("kid-b", sealedKey));
    }

    [Fact]
    public async Task Two_rings_starting_together_on_one_database_sign_with_one_key()
    {
        var rings = await Task.WhenAll(bed.OpenRingAsync(), bed.OpenRingAsync(), bed.OpenRingAsync());

        rings.Select(r => r.Current.SignerKid).Distinct().Count().ShouldBe(1);
        (await (await bed.OpenStoreAsync()).LoadAllAsync(Ct)).Count.ShouldBe(1);
        (await bed.Validator(rings[0]).ValidateAsync(bed.Issuer(rings[2]).Issue("alice", "s", []).Token)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Rings_converge_on_the_newest_key_when_two_were_added()
    {
        // What a backend without an atomic check-and-insert may leave after two nodes started together.
        var first = await bed.OpenRingAsync();
        var second = await bed.OpenRingAsync();
        var firstToken = bed.Issuer(first).Issue("alice", "s", []).Token;
        var extra = await AddKeyAsync(bed.Clock.GetUtcNow().AddMilliseconds(1));

        await first.RefreshAsync(Ct);
        await second.RefreshAsync(Ct);

        first.Current.SignerKid.ShouldBe(extra);
        second.Current.SignerKid.ShouldBe(extra);
        Kids(first.Current.Jwks).ShouldBe(Kids(second.Current.Jwks));
        Kids(first.Current.Jwks).Length.ShouldBe(2);
        (await bed.Validator(second).ValidateAsync(firstToken)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Periodic_refresh_picks_up_keys_made_elsewhere()
    {
        bed.Options.Signing.ReloadEvery = TimeSpan.FromMilliseconds(20);
        var ring = await bed.OpenRingAsync();
        var extra = await AddKeyAsync(bed.Clock.GetUtcNow().AddSeconds(1));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // The ring's timer runs on the manual clock's base (real) timers; the deadline bounds the wait.
        var loop = ring.RefreshPeriodicallyAsync(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, stop.Token);

        await AuthActors.TestKit.Eventually.ConditionAsync(() => ring.Current.SignerKid == extra, "the ring signs with the key added elsewhere");

        await stop.CancelAsync();
        await loop;
    }

    private async Task<string> AddKeyAsync(DateTimeOffset createdAt)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = "extra-" + Guid.NewGuid().ToString("N");
        var key = new StoredSigningKey(
            kid,
            "ES256",
            ecdsa.ExportSubjectPublicKeyInfo(),
            new SigningKeyProtector(bed.KeyEncryptionKey).Protect(kid, ecdsa.ExportPkcs8PrivateKey()),
            createdAt);
        (await (await bed.OpenStoreAsync()).AddUnlessNewerExistsAsync(key, DateTimeOffset.MaxValue, Ct)).ShouldBeTrue();
        return kid;
    }

    private static string[] Kids(ReadOnlyMemory<byte> jwks) =>
        [.. JsonDocument.Parse(jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
}
