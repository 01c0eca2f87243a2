using System.Diagnostics.CodeAnalysis;

namespace DbLogs.Core.Configuration;

/// <summary>
/// A configuration file (bootstrap, agent) or admin request body that does not validate, naming the bad key. A reader
/// that goes on after an error reports all of them at once: the first is this exception's own, all are in <see cref="All"/>.
/// </summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "The exception always names a key path and a problem; parameterless forms would be meaningless.")]
public sealed class ConfigValidationException(string keyPath, string problem) : Exception($"{keyPath}: {problem}")
{
    private IReadOnlyList<ConfigValidationException>? _all;

    /// <summary>The offending key as a path such as <c>projects[0].instances[1].shards[0].replicas[0].port</c>,
    /// or the file path when the file itself cannot be read or parsed.</summary>
    public string KeyPath { get; } = keyPath;

    /// <summary>What is wrong and what is expected.</summary>
    public string Problem { get; } = problem;

    /// <summary>Every error found, in file order (just this one unless made by <see cref="Of"/>).</summary>
    public IReadOnlyList<ConfigValidationException> All => _all ?? [this];

    /// <summary>One exception that reports all of <paramref name="errors"/> (at least one).</summary>
    public static ConfigValidationException Of(IReadOnlyList<ConfigValidationException> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var all = errors.SelectMany(e => e.All).ToList();
        return new ConfigValidationException(all[0].KeyPath, all[0].Problem) { _all = all };
    }
}
