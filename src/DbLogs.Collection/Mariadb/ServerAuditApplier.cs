namespace DbLogs.Collection.Mariadb;

/// <summary>Makes a MariaDB server's <c>server_audit</c> plugin match a <see cref="NodeAuditPolicy"/>.</summary>
public static class ServerAuditApplier
{
    private const string LoadedQuery =
        "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'SERVER_AUDIT' AND PLUGIN_STATUS = 'ACTIVE';\n";

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
