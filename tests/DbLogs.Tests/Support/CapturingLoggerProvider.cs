using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DbLogs.Tests.Support;

/// <summary>One captured log call: the formatted message and the structured fields of its template.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Fields);

/// <summary>Keeps every formatted log message (with its exception text), and every entry with its fields, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            owner.Messages.Enqueue(message + (exception is null ? string.Empty : "\n" + exception));
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value?.ToString())
                : [];
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, message, fields));
        }
    }
}
