namespace DbLogs.Server.Admin;

/// <summary>A registry write that contradicts what is stored (a name or key owned by another project).</summary>
public sealed class RegistryConflictException(string message) : Exception(message);
