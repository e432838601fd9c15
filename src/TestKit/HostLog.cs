using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AuthActors.TestKit;

/// <summary>
/// The log of one host started inside the test process, kept in memory (the console is the test runner's), so a
/// failing test can show what that node or gateway said.
/// </summary>
public sealed class HostLog : ILoggerProvider
{
    private const int MaxLines = 5000;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines logged so far (the last few thousand), oldest first.</summary>
    public string Text => string.Join('\n', _lines);

    /// <summary>Adds this log to a host's logging, at Information and above.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddProvider(this);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(HostLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            log.Add(exception is null ? line : $"{line}\n{exception}");
        }
    }
}
