namespace DbLogs.Server.Rds.AuditPolicies;

/// <summary>
/// Maps Huawei audit operation names (<see cref="AuditActionCatalog"/>) to MariaDB's <c>server_audit_events</c>.
/// The plugin filters by class, not by statement, so the mapping audits a superset of what was asked, never less:
/// any DCL name → QUERY_DCL (all DCL); any DDL name → QUERY_DDL (all DDL); SELECT → QUERY_DML (all DML, since the
/// plugin cannot log SELECT alone); INSERT/DELETE/UPDATE/REPLACE without SELECT → QUERY_DML_NO_SELECT; any OTHER name
/// (BEGIN/COMMIT/ROLLBACK, PREPARED_STATEMENT, CALL_PROCEDURE, KILL, SET_OPTION, CHANGE_DB, (UN)INSTALL_PLUGIN,
/// SHUTDOWN, SLAVE_START/STOP, (UN)LOCK_TABLES, FLUSH, XA) has no class of its own → QUERY (every statement).
/// CONNECT is always included so every audited statement can be tied to its session. No names: every event ("").
/// </summary>
public static class ServerAuditEvents
{
    public static string FromAuditTypes(IReadOnlyCollection<string> auditTypes)
    {
        if (auditTypes.Count == 0)
        {
            return string.Empty;
        }

        bool In(string group) => auditTypes.Any(t => AuditActionCatalog.Groups[group].Contains(t));
        var events = new List<string> { "CONNECT" };
        if (In("OTHER"))
        {
            events.Add("QUERY");
        }

        if (In("DCL"))
        {
            events.Add("QUERY_DCL");
        }

        if (In("DDL"))
        {
            events.Add("QUERY_DDL");
        }

        if (auditTypes.Contains("SELECT"))
        {
            events.Add("QUERY_DML");
        }
        else if (In("DML"))
        {
            events.Add("QUERY_DML_NO_SELECT");
        }

        return string.Join(',', events);
    }

    /// <summary>
    /// The operation names a server's <c>server_audit_events</c> audits: every name (none listed) for no events or QUERY;
    /// otherwise the names of each class it has (QUERY_DML_NO_SELECT: DML without SELECT). Events without a statement class
    /// (CONNECT, TABLE alone) audit no statement names, which the API cannot say: they read as every name too.
    /// </summary>
    public static IReadOnlyList<string> ToAuditTypes(string events)
    {
        var classes = events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (classes.Contains("QUERY"))
        {
            return [];
        }

        var names = new List<string>();
        if (classes.Contains("QUERY_DCL"))
        {
            names.AddRange(AuditActionCatalog.Groups["DCL"]);
        }

        if (classes.Contains("QUERY_DDL"))
        {
            names.AddRange(AuditActionCatalog.Groups["DDL"]);
        }

        if (classes.Contains("QUERY_DML"))
        {
            names.AddRange(AuditActionCatalog.Groups["DML"]);
        }
        else if (classes.Contains("QUERY_DML_NO_SELECT"))
        {
            names.AddRange(AuditActionCatalog.Groups["DML"].Where(n => n != "SELECT"));
        }

        return names;
    }

    /// <summary>Whether two <c>server_audit_events</c> values name the same events, in any order.</summary>
    public static bool Same(string a, string b) =>
        a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.OrdinalIgnoreCase)
            .SequenceEqual(b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.OrdinalIgnoreCase),
                StringComparer.OrdinalIgnoreCase);
}
