using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

/// <summary>A real gateway process (embedded users) with a first admin, for the command line to talk to.</summary>
public class ServiceFixture : IAsyncLifetime
{
    public const string AdminId = "cli-admin";
    public const string AdminPassword = "cli admin password 1";
    public const string Password = "correct horse battery";

    private readonly TemporaryDirectory _data = new();

    public GatewayProcess Gateway { get; private set; } = null!;

    public string Url => Gateway.HttpAddress.ToString();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The gateway's settings: a first admin, cheap hashing so tests stay fast, SQLite unless a subclass says otherwise.</summary>
    protected virtual Dictionary<string, string> Settings => new()
    {
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_USERS__FIRST_ADMIN__ID"] = AdminId,
        ["AUTHACTORS_USERS__FIRST_ADMIN__PASSWORD"] = AdminPassword,
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "1000",
    };

    public virtual async ValueTask InitializeAsync() => Gateway = await GatewayProcess.StartAsync(_data.Path, Settings);

    public virtual async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A user id no other test uses.</summary>
    public static string NewId(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    /// <summary>Runs <c>authactors</c> in-process against the gateway, signed in as the admin through the environment.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsAsync(AdminId, AdminPassword, args);

    public async Task<CliRun> RunAsAsync(string? user, string? password, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AUTHACTORS_URL"] = Url,
            ["AUTHACTORS_ADMIN_USER"] = user,
            ["AUTHACTORS_ADMIN_PASSWORD"] = password,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminCommandLine.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), cancellationToken: Ct);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public HttpClient Http() => new() { BaseAddress = Gateway.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Signs up a user over the API.</summary>
    public async Task<string> NewUserAsync(HttpClient http, string name)
    {
        var id = NewId(name);
        (await http.PostAsJsonAsync("/api/users", new { id, password = Password }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>POST /api/token; the JSON answer (its status checked).</summary>
    public static async Task<JsonObject> TokensAsync(HttpClient http, string id, string password = Password)
    {
        var response = await http.PostAsJsonAsync("/api/token", new { id, password }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request, Ct);
    }
}

/// <summary>The same service with its journal on PostgreSQL: a fresh database of the class's own on the shared test server.</summary>
public sealed class PostgresServiceFixture : ServiceFixture
{
    private OwnPostgresDatabase? _database;

    protected override Dictionary<string, string> Settings =>
        (_database ?? throw new InvalidOperationException("the database is created in InitializeAsync")).StorageIn(base.Settings);

    public override async ValueTask InitializeAsync()
    {
        _database = await OwnPostgresDatabase.CreateAsync("cli");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>What one run of the command line printed and exited with.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public CliRun ShouldExit(int code)
    {
        ExitCode.ShouldBe(code, $"output: {Output}\nerror: {Error}");
        return this;
    }
}

/// <summary>Every class of this project talks to one gateway process; tests use their own user ids.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
