using System.Text.Json.Nodes;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class ServiceVerbTests(ServiceFixture service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_rotate_signs_new_tokens_with_a_new_key_and_keeps_the_old_one_published()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "keys");
        var before = await ServiceFixture.TokensAsync(http, id);
        var oldKid = KidOf(before["access_token"]!.GetValue<string>());

        var run = (await service.RunAsync("keys", "rotate", "--json")).ShouldExit(0);
        var answer = JsonNode.Parse(run.Output)!;
        var newKid = answer["kid"]!.GetValue<string>();
        newKid.ShouldNotBe(oldKid);
        answer["published"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ShouldContain(oldKid);

        var jwks = JsonNode.Parse(await http.GetStringAsync("/.well-known/jwks.json", Ct))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
        jwks.ShouldContain(oldKid);
        jwks.ShouldContain(newKid);

        // The token signed before still works; a new one is signed with the new key.
        (await ServiceFixture.GetAsync(http, "/api/me", before["access_token"]!.GetValue<string>())).IsSuccessStatusCode.ShouldBeTrue();
        KidOf((await ServiceFixture.TokensAsync(http, id))["access_token"]!.GetValue<string>()).ShouldBe(newKid);

        (await service.RunAsync("keys", "rotate")).ShouldExit(0).Output.ShouldStartWith("signing with key ");
    }

    [Fact]
    public async Task Cluster_status_says_an_embedded_gateway_holds_every_user()
    {
        var run = (await service.RunAsync("cluster", "status")).ShouldExit(0);
        run.Output.ShouldContain("embedded: the gateway at");
        run.Output.ShouldContain("holds every user itself (100 shards)");
        var json = JsonNode.Parse((await service.RunAsync("cluster", "status", "--json")).ShouldExit(0).Output)!;
        json["mode"]!.GetValue<string>().ShouldBe("embedded");
        json["shards_owned"]!.GetValue<int>().ShouldBe(100);
    }

    private static string KidOf(string jwt)
    {
        var header = jwt.Split('.')[0];
        return JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(header))!["kid"]!.GetValue<string>();
    }
}
