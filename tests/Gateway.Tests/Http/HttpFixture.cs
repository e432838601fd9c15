using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Http;

/// <summary>A real gateway process with its HTTP port, a configured first admin and an introspection client.</summary>
public class HttpFixture : GatewayFixture
{
    public const string AdminId = "root-admin";
    public const string AdminPassword = "admin password 1";
    public const string IntrospectionClient = "resource-server";
    public const string IntrospectionSecret = "introspection secret";
    public const string Issuer = "https://auth.example.test";

    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_USERS__FIRST_ADMIN__ID"] = AdminId,
        ["AUTHACTORS_USERS__FIRST_ADMIN__PASSWORD"] = AdminPassword,
        [$"AUTHACTORS_GATEWAY__HTTP__INTROSPECTION_CLIENTS__{IntrospectionClient.ToUpperInvariant().Replace('-', '_')}"] = IntrospectionSecret,
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "1000",
        ["AUTHACTORS_TOKENS__ISSUER"] = Issuer,
    };

    public HttpClient Client() => new() { BaseAddress = Gateway.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Signs up a new user and returns their token response.</summary>
    public async Task<(string Id, JsonObject Tokens)> NewUserWithTokensAsync(HttpClient http, string name, string password = "correct horse battery")
    {
        var id = NewId(name);
        (await http.PostAsJsonAsync("/api/users", new { id, password }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var tokens = await PostJsonAsync(http, "/api/token", new { id, password });
        return (id, tokens);
    }

    public static async Task<JsonObject> PostJsonAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue($"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static HttpRequestMessage WithBearer(HttpMethod method, string path, string accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static HttpRequestMessage Introspection(string token, string secret = IntrospectionSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/token/introspect")
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{IntrospectionClient}:{secret}")));
        return request;
    }

    /// <summary>Reads a problem body and checks it is one (RFC 9457 media type, status field equal to the status).</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ((int)response.StatusCode).ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(text)!.AsObject();
        problem["status"]!.GetValue<int>().ShouldBe(status);
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        return problem;
    }

    public static string Text(JsonObject json, string name) => json[name]!.GetValue<string>();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
