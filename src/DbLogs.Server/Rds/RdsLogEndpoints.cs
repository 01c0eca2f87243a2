using DbLogs.Server.Api;
using DbLogs.Storage.Registry;

namespace DbLogs.Server.Rds;

/// <summary>The log routes of RDS v3 (spec/rds-v3-logs.md).</summary>
public static class RdsLogEndpoints
{
    public static IEndpointRouteBuilder MapRdsLogs(this IEndpointRouteBuilder routes)
    {
        var instance = routes.MapCloudGroup("/v3", RdsFamily.Instance, "RDS v3 logs")
            .MapInstanceGroup(RdsFamily.Instance, Engine.Mysql, RdsFamily.EngineNotSupported);
        instance.MapRdsAudit();
        instance.MapRdsErrorSlowLogs();
        return routes;
    }
}
