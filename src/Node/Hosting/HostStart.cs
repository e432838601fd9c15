using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Hosting;

/// <summary>
/// How a node or gateway host is started: as a process (its command line, its environment, SIGTERM and Ctrl+C, the
/// console), or inside another process (a test's, with several hosts), from explicit variables and leaving the
/// process's signals, environment and console alone.
/// </summary>
public sealed record HostStart
{
    /// <summary>The command line (a process's; empty in-process).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The <c>AUTHACTORS_*</c> variables the host reads its settings, data and configuration directory from.</summary>
    public required HostVariables Variables { get; init; }

    /// <summary>True for a host inside another process: signals stop the process, not this host.</summary>
    public bool InProcess { get; init; }

    /// <summary>Where the host logs; null: the console, as a process does.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>A process's host: the process environment and command line, stopped by SIGTERM or Ctrl+C.</summary>
    public static HostStart ForProcess(string[] args) => new() { Args = args, Variables = HostVariables.FromProcess() };

    /// <summary>A host inside this process, configured by <paramref name="variables"/> alone (as if they were its environment).</summary>
    public static HostStart InsideThisProcess(IReadOnlyDictionary<string, string> variables, Action<ILoggingBuilder> logging) =>
        new() { Variables = HostVariables.Of(variables), InProcess = true, Logging = logging };

    /// <summary>The web application builder, with this start's lifetime and logging.</summary>
    private WebApplicationBuilder CreateBuilder()
    {
        // Settings come from HOCON, read once at start; the builder's default appsettings.json sources would watch
        // the content root (the working directory, where ./data lives) and wake on every write of the journal.
        // First, so that a trailing "--flag" of the caller's cannot take it for its value.
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. Args]);
        if (InProcess)
        {
            // The console lifetime would hook SIGTERM and Ctrl+C for each host; the process owns them.
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        if (Logging is not null)
        {
            builder.Logging.ClearProviders();
            Logging(builder.Logging);
        }

        return builder;
    }

    /// <summary>
    /// The builder of a host of <paramref name="role"/> (<c>node</c> or <c>gateway</c>): this start's lifetime and
    /// logging, the role's HOCON with its overrides, and the console in the configured format unless logging was given.
    /// </summary>
    public WebApplicationBuilder CreateBuilder(string role)
    {
        var builder = CreateBuilder();
        builder.Configuration.AddAuthActorsRole(role, Variables);
        UseConsoleUnlessLoggingGiven(builder.Logging, builder.Configuration);
        return builder;
    }

    /// <summary>The logger factory for what runs before the host is built (storage, keys, membership).</summary>
    public ILoggerFactory CreateStartupLogs(IConfiguration configuration) =>
        LoggerFactory.Create(Logging ?? (logging => logging.UseAuthActorsConsole(configuration)));

    /// <summary>A process logs to the console in the configured format; a host given its own logging keeps it.</summary>
    public void UseConsoleUnlessLoggingGiven(ILoggingBuilder logging, IConfiguration configuration)
    {
        if (Logging is null)
        {
            logging.UseAuthActorsConsole(configuration);
        }
    }

    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
