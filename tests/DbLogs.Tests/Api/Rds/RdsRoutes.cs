namespace DbLogs.Tests.Api.Rds;

/// <summary>One valid request of each RDS v3 log route, relative to <c>/v3/{project_id}/instances/{instance_id}</c>.</summary>
public static class RdsRoutes
{
    public static readonly (string Method, string Relative, string? Body)[] All =
    [
        ("GET", "/auditlog?" + RdsQuery.AuditWindow + "&offset=0&limit=10", null),
        ("POST", "/auditlog-links", """{"ids":["fa163ea0e2bet11e9d832166a2cf894c5br01"]}"""),
        ("GET", "/auditlog-policy", null),
        ("PUT", "/auditlog-policy", """{"keep_days":7,"audit_types":["CREATE_USER","SELECT"]}"""),
        ("POST", "/auditlog-rotate", "{}"),
        ("GET", "/errorlog?" + RdsQuery.DateWindow + "&offset=1&limit=10&level=ALL", null),
        ("GET", "/slowlog?" + RdsQuery.DateWindow + "&offset=1&limit=10&type=SELECT", null),
        ("GET", "/slowlog/statistics?cur_page=1&per_page=10&" + RdsQuery.DateWindow + "&type=SELECT&sort=executeTime", null),
    ];

    public static TheoryData<string, string, string?> Rows
    {
        get
        {
            var data = new TheoryData<string, string, string?>();
            foreach (var (method, relative, body) in All)
            {
                data.Add(method, relative, body);
            }

            return data;
        }
    }

    /// <summary>
    /// Checks the answer of a valid request that reached the route: 200, except for the links route, whose id is unknown and so
    /// answered with the route's own DBS.200001 naming it.
    /// </summary>
    public static async Task AssertReachedAsync(string relative, HttpResponseMessage response)
    {
        if (relative.StartsWith("/auditlog-links", StringComparison.Ordinal))
        {
            var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.200001");
            Assert.Contains("fa163ea0e2bet11e9d832166a2cf894c5br01", message, StringComparison.Ordinal);
        }
        else
        {
            await RdsFixture.OkJsonAsync(response);
        }
    }
}
