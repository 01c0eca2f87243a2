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
}
