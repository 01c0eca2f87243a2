using System.Diagnostics.CodeAnalysis;

namespace DbLogs.Core.Configuration;

/// <summary>A configuration file (bootstrap, agent) or admin request body that does not validate, naming the bad key.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "The exception always names a key path and a problem; parameterless forms would be meaningless.")]
public sealed class ConfigValidationException(string keyPath, string problem) : Exception($"{keyPath}: {problem}")
{
    /// <summary>The offending key as a path such as <c>projects[0].instances[1].shards[0].replicas[0].port</c>,
    /// or the file path when the file itself cannot be read or parsed.</summary>
    public string KeyPath { get; } = keyPath;

    /// <summary>What is wrong and what is expected.</summary>
    public string Problem { get; } = problem;
}
