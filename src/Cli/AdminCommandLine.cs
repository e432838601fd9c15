using System.CommandLine;

namespace AuthActors.Cli;

/// <summary>
/// <c>authactors</c>: the operator's command line over a running service's admin HTTP API. Every verb has
/// <c>--help</c>; exit codes are <see cref="ExitCodes"/>.
/// </summary>
public static class AdminCommandLine
{
    /// <summary>Runs one command line; <paramref name="handler"/> lets tests reach the service in-process.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        HttpMessageHandler? handler = null,
        CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, environment, handler);
        var root = new RootCommand("Administer a running AuthActors service through its admin HTTP API (an admin credential is needed).")
        {
            context.Url,
            context.User,
            context.PasswordFile,
            context.Json,
            UsersCommand.Build(context),
            SessionsCommand.Build(context),
            ImportCommand.Build(context),
            ExportCommand.Build(context),
            ServiceCommands.Keys(context),
            ServiceCommands.Cluster(context),
            DevCertsCommand.Build(context),
        };
        // The name in help, whatever hosts the code (`dotnet authactors.dll`, a test runner).
        root.HelpName = "authactors";

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"authactors: {problem.Message}");
            }

            await error.WriteLineAsync("see: authactors --help");
            return ExitCodes.BadUsage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
