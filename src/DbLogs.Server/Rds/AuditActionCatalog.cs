using System.Text.Json;

namespace DbLogs.Server.Rds;

/// <summary>The operation types RDS for MySQL audits, grouped as <c>all_audit_log_action</c> reports them.</summary>
public static class AuditActionCatalog
{
    public static IReadOnlyDictionary<string, string[]> Groups { get; } = new Dictionary<string, string[]>
    {
        ["DCL"] = ["CREATE_USER", "DROP_USER", "RENAME_USER", "GRANT", "REVOKE", "ALTER_USER", "ALTER_USER_DEFAULT_ROLE"],
        ["DDL"] = ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "REPAIR", "OPTIMIZE"],
        ["DML"] = ["INSERT", "DELETE", "UPDATE", "REPLACE", "SELECT"],
        ["OTHER"] =
        [
            "BEGIN/COMMIT/ROLLBACK", "PREPARED_STATEMENT", "CALL_PROCEDURE", "KILL", "SET_OPTION", "CHANGE_DB", "UNINSTALL_PLUGIN",
            "INSTALL_PLUGIN", "SHUTDOWN", "SLAVE_START", "SLAVE_STOP", "LOCK_TABLES", "UNLOCK_TABLES", "FLUSH", "XA",
        ],
    };

    private static readonly HashSet<string> All = [.. Groups.Values.SelectMany(v => v)];

    public static bool IsKnown(string action) => All.Contains(action);

    /// <summary>The JSON object, serialised as a string, that the API returns in <c>all_audit_log_action</c>.</summary>
    public static string AllActionsJson { get; } =
        JsonSerializer.Serialize(Groups.ToDictionary(g => g.Key, g => string.Join(',', g.Value)));
}
