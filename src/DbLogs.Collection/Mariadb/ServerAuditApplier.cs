namespace DbLogs.Collection.Mariadb;

/// <summary>Makes a MariaDB server's <c>server_audit</c> plugin match a <see cref="NodeAuditPolicy"/>.</summary>
public static class ServerAuditApplier
{
    private const string LoadedQuery =
        "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT' AND PLUGIN_STATUS = 'ACTIVE'";

    private const string StateQuery =
        "SELECT COALESCE((SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'SERVER_AUDIT_LOGGING'), '" +
        ServerAuditState.NotInstalled + "'), " +
        "COALESCE((SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'SERVER_AUDIT_EVENTS'), '')";

    /// <summary>Reads what the server's audit plugin does now; a server that cannot be asked gives the reason instead.</summary>
    public static async Task<ServerAuditState> ObserveAsync(MariadbConnection connection, CancellationToken ct)
    {
        try
        {
            await using var client = await MariadbClient.OpenAsync(connection, ct);
            return await client.FirstRowAsync(StateQuery, ct) is [{ } logging, { } events]
                ? new ServerAuditState(logging, events, null)
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

        await using var client = await MariadbClient.OpenAsync(policy.Connection, ct);
        var loaded = await client.FirstRowAsync(LoadedQuery, ct) is ["1"];
        if (policy.KeepDays == 0)
        {
            if (loaded)
            {
                await client.ExecuteAsync("SET GLOBAL server_audit_logging = OFF", ct);
            }

            return;
        }

        if (!loaded)
        {
            await client.ExecuteAsync("INSTALL SONAME 'server_audit'", ct);
        }

        await client.ExecuteAsync($"SET GLOBAL server_audit_events = '{policy.ServerAuditEvents}'", ct);
        await client.ExecuteAsync("SET GLOBAL server_audit_logging = ON", ct);
    }
}
