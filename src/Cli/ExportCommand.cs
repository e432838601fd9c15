using System.CommandLine;
using System.Globalization;

namespace AuthActors.Cli;

/// <summary>
/// <c>export FILE</c>: every user's id, status and password hash with its parameters, as JSON lines, into a file
/// only its owner may read. Never plain passwords: the service has none.
/// </summary>
internal static class ExportCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the export (JSON lines: id, status, password_hash); must not exist yet" };
        var command = new Command("export", "Write every user's id, status and password hash (with its parameters) to FILE") { file };
        context.OnRun(command, async (parse, client, ct) =>
        {
            var path = parse.GetValue(file)!;
            FileStream stream;
            try
            {
                // CreateNew: an export never overwrites a file by mistake. Owner-only: the hashes are secrets.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                stream = new FileStream(path, options);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.BadUsage, $"cannot create {path}: {error.Message}");
            }

            var complete = false;
            try
            {
                await using (stream)
                {
                    await client.DownloadAsync("/api/admin/export", stream, ct);
                }

                complete = true;
            }
            finally
            {
                if (!complete)
                {
                    File.Delete(path);
                }
            }

            var count = File.ReadLines(path).Count(l => l.Length > 0);
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"exported {count} users to {path}"));
        });
        return command;
    }
}
