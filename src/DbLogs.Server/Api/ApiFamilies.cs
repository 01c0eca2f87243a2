using DbLogs.Server.Auth.Tokens;
using DbLogs.Server.Dcs;
using DbLogs.Server.Rds;

namespace DbLogs.Server.Api;

/// <summary>Which family answers for a path, for errors raised before or outside a route (404, 405, 500).</summary>
public static class ApiFamilies
{
    public static IApiFamily ForPath(PathString path) =>
        path.StartsWithSegments("/v3/auth") ? IamFamily.Instance
        : path.StartsWithSegments("/v2") ? DcsFamily.Instance
        : path.StartsWithSegments("/v3") || path.StartsWithSegments("/dblogs") ? RdsFamily.Instance
        : ServiceFamily.Instance;
}
