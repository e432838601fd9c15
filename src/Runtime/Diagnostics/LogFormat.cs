using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// The console log format: <c>console</c> (human, one line per entry with its scopes) by default, <c>json</c> (one
/// JSON object per line, scopes as properties) with <c>--log-format json</c>, <c>log.format = json</c> or
/// <c>AUTHACTORS_LOG__FORMAT=json</c>. Scopes carry the connection and user id of the request a line is about.
/// </summary>
public static class LogFormat
{
    /// <summary>The format chosen by the command line (<c>--log-format</c>) or else by configuration (<c>log.format</c>).</summary>
    public static string Of(IConfiguration configuration)
    {
        var format = configuration["log-format"] ?? configuration["log:format"] ?? "console";
        return format.ToLowerInvariant() switch
        {
            "console" or "simple" or "text" => "console",
            "json" => "json",
            _ => throw new InvalidOperationException($"log format '{format}' is not supported; use 'console' or 'json'"),
        };
    }

    /// <summary>The lowest level logged for ASP.NET Core's own categories (<c>log.aspnetcore-level</c>, Warning by default).</summary>
    public static LogLevel FrameworkLevelOf(IConfiguration configuration)
    {
        var text = configuration["log:aspnetcore-level"] ?? nameof(LogLevel.Warning);
        return Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new InvalidOperationException($"log.aspnetcore-level '{text}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None");
    }

    /// <summary>Replaces the logging providers with the console in the configured format.</summary>
    public static ILoggingBuilder UseAuthActorsConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = Of(configuration);
        logging.ClearProviders();
        if (format == "json")
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        // ASP.NET Core writes four Information lines per HTTP request (request starting, endpoint executing and
        // executed, request finished); under load that was a sixth of the gateway's CPU, most of it contending for
        // the console queue's lock. Warning by default, as the ASP.NET Core templates' appsettings.json has it.
        var frameworkLevel = FrameworkLevelOf(configuration);
        logging.AddFilter("Microsoft.AspNetCore", frameworkLevel);

        // Above Information the hosting category has one line left, a start-up failure, which the host also throws
        // to Program (one clear line there); yet while the category is enabled at all ASP.NET Core starts an
        // Activity and a log scope for every request. Off when its request lines would be dropped anyway; the
        // request's path is in RequestLogScope instead.
        if (frameworkLevel > LogLevel.Information)
        {
            logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }

        // Wins over Logging:Console:FormatterName from the environment: the flag is what the operator asked for.
        logging.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = format == "json" ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple);
        return logging;
    }
}
