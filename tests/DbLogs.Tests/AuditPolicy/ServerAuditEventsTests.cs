using DbLogs.Server.Rds;
using DbLogs.Server.Rds.AuditPolicies;

namespace DbLogs.Tests.AuditPolicySuite;

public sealed class ServerAuditEventsTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("CREATE", "CONNECT,QUERY_DDL")]
    [InlineData("GRANT,REVOKE", "CONNECT,QUERY_DCL")]
    [InlineData("INSERT,UPDATE", "CONNECT,QUERY_DML_NO_SELECT")]
    [InlineData("SELECT", "CONNECT,QUERY_DML")]
    [InlineData("SELECT,DELETE", "CONNECT,QUERY_DML")]
    [InlineData("BEGIN/COMMIT/ROLLBACK", "CONNECT,QUERY")]
    [InlineData("KILL,DROP_USER,TRUNCATE,REPLACE", "CONNECT,QUERY,QUERY_DCL,QUERY_DDL,QUERY_DML_NO_SELECT")]
    public void Huawei_operation_names_map_to_the_smallest_covering_plugin_classes(string types, string expected)
    {
        var names = types.Length == 0 ? [] : types.Split(',');
        Assert.All(names, n => Assert.True(AuditActionCatalog.IsKnown(n), n));

        Assert.Equal(expected, ServerAuditEvents.FromAuditTypes(names));
    }
}
