using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using AuthActors.Gateway.Import;

namespace AuthActors.Cli;

/// <summary>
/// <c>import FILE</c>: registers the users of a credentials.txt (<c>id password</c> per line) through the running
/// service's admin API, in batches, with a progress bar; then every line not imported with its number, and a summary.
/// The file is parsed here, so a bad line is reported without sending it.
/// </summary>
internal static class ImportCommand
{
    // Fifty users (ids up to 64, passwords up to 128 characters) stay well inside the API's 16 KiB body limit.
    private const int Batch = 50;

    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A credentials.txt: \"id password\" per line; blank lines and # comments are skipped" };
        var command = new Command("import", "Register the users of a credentials.txt with their passwords (hashed by the service)") { file };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var path = parse.GetValue(file)!;
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(path, ct);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.BadUsage, $"cannot read {path}: {error.Message}");
            }

            var (users, skipped) = CredentialsFile.Parse(lines);
            var failures = skipped.Select(s => (s.LineNumber, s.Reason)).ToList();
            var imported = 0;
            var progress = new ProgressBar(context.Error, users.Count);
            foreach (var batch in users.Chunk(Batch))
            {
                var body = new JsonObject
                {
                    ["users"] = new JsonArray([.. batch.Select(u => (JsonNode)new JsonObject { ["line"] = u.LineNumber, ["id"] = u.UserId, ["password"] = u.Password })]),
                };
                var answer = (await client.SendAsync(HttpMethod.Post, "/api/admin/import", body, ct))!;
                imported += answer["imported"]!.GetValue<int>();
                failures.AddRange(answer["failures"]!.AsArray().Select(f =>
                    (f!["line"]!.GetValue<int>(), $"{CliContext.Cell(f["id"])}: {CliContext.Cell(f["reason"])}")));
                await progress.AdvanceAsync(batch.Length);
            }

            await progress.DoneAsync();
            foreach (var (line, reason) in failures.OrderBy(f => f.Item1))
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"line {line}: skipped: {reason}"));
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"imported {imported} users, skipped {failures.Count} lines"));
        });
        return command;
    }
}
