using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthActors.Cli;

/// <summary>
/// What every verb shares: the options that say which service and which admin (on every verb), where output goes,
/// and the run of one verb against the service with failures turned into exit codes.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<string> Url { get; } = new("--url")
    {
        Description = "The service's HTTP address (default: AUTHACTORS_URL, else http://localhost:8080)",
        Recursive = true,
    };

    public Option<string> User { get; } = new("--user")
    {
        Description = "The admin's id (default: AUTHACTORS_ADMIN_USER, else AUTHACTORS_ADMIN_ID)",
        Recursive = true,
    };

    public Option<string> PasswordFile { get; } = new("--password-file")
    {
        Description = "A file whose first line is the admin's password (default: AUTHACTORS_ADMIN_PASSWORD)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the service's JSON instead of a table, for scripts",
        Recursive = true,
    };

    /// <summary>Sets <paramref name="command"/>'s action: sign in, run <paramref name="body"/>, map failures to exit codes.</summary>
    public void OnRun(Command command, Func<ParseResult, AdminClient, CancellationToken, Task> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken, body));

    /// <summary>The answer as indented JSON, when <c>--json</c> asked for it.</summary>
    public async Task<bool> PrintedAsJsonAsync(ParseResult parse, JsonNode node)
    {
        if (!parse.GetValue(Json))
        {
            return false;
        }

        await Output.WriteLineAsync(node.ToJsonString(Indented));
        return true;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<ParseResult, AdminClient, CancellationToken, Task> body)
    {
        try
        {
            var url = ServiceUrl(parse.GetValue(Url) ?? environment("AUTHACTORS_URL") ?? "http://localhost:8080");
            var credential = AdminCredential.Resolve(parse.GetValue(User), parse.GetValue(PasswordFile), environment);
            using var client = new AdminClient(url, credential, handler);
            await body(parse, client, cancellationToken);
            return ExitCodes.Done;
        }
        catch (CliFailure failure)
        {
            await Error.WriteLineAsync($"authactors: {failure.Message}");
            return failure.ExitCode;
        }
    }

    private static Uri ServiceUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliFailure(ExitCodes.BadUsage, $"--url must be an http or https address, not '{text}'");

    /// <summary>A JSON value as a table cell: strings bare, nothing as "-".</summary>
    public static string? Cell(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array => string.Join(",", array.Select(Cell)),
        _ => node.ToJsonString(),
    };

    /// <summary>An id as one path segment.</summary>
    public static string Segment(string id) => Uri.EscapeDataString(id);
}
