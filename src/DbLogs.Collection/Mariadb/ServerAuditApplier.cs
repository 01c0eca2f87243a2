namespace DbLogs.Collection.Mariadb;

/// <summary>Makes a MariaDB server's <c>server_audit</c> plugin match a <see cref="NodeAuditPolicy"/>.</summary>
public static class ServerAuditApplier
{
    private const string LoadedQuery =
        "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT' AND PLUGIN_STATUS = 'ACTIVE';\n";

    private const string StateQuery =
        "SELECT COALESCE((SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'SERVER_AUDIT_LOGGING'), '" +
        ServerAuditState.NotInstalled + "'), " +
        "COALESCE((SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'SERVER_AUDIT_EVENTS'), '');\n";

    /// <summary>Reads what the server's audit plugin does now; a server that cannot be asked gives the reason instead.</summary>
    public static async Task<ServerAuditState> ObserveAsync(MariadbConnection connection, CancellationToken ct)
    {
        try
        {
            var row = (await MariadbClient.RunAsync(connection, StateQuery, ct)).TrimEnd('\n').Split('\t');
            return row.Length == 2
                ? new ServerAuditState(row[0], row[1], null)
                : ServerAuditState.Unreadable("the server answered the audit-state query with an unexpected row");
        }
        catch (MariadbClientException ex)
        {
            return ServerAuditState.Unreadable(ex.Message);
        }
    }

    /// <exception cref="MariadbClientException">The server refused or could not be reached.</exception>
    public static async Task ApplyAsync(NodeAuditPolicy policy, CancellationToken ct)
    {
        if (!policy.ServerAuditEvents.All(c => c is (>= 'A' and <= 'Z') or '_' or ','))
        {
            throw new MariadbClientException($"invalid server_audit_events \"{policy.ServerAuditEvents}\"");
        }

        var loaded = (await MariadbClient.RunAsync(policy.Connection, LoadedQuery, ct)).Trim() == "1";
        if (policy.KeepDays == 0)
        {
            if (loaded)
            {
                await MariadbClient.RunAsync(policy.Connection, "SET GLOBAL server_audit_logging = OFF;\n", ct);
            }

            return;
        }

        var install = loaded ? string.Empty : "INSTALL SONAME 'server_audit';\n";
        await MariadbClient.RunAsync(policy.Connection,
            $"{install}SET GLOBAL server_audit_events = '{policy.ServerAuditEvents}';\nSET GLOBAL server_audit_logging = ON;\n", ct);
    }
}
