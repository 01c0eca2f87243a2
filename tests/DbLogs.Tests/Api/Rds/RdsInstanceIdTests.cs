namespace DbLogs.Tests.Api.Rds;

/// <summary>A malformed instance id on every route answers DBS.280404 (spec/rds-v3-logs.md).</summary>
public class RdsInstanceIdTests
{
    private static Task<HttpResponseMessage> SendAsync(RdsFixture f, string method, string path, string? body) =>
        f.SendPathAsync(new HttpMethod(method), path, body);

    private static readonly string[] Malformed =
    [
        "abc",
        "cee5265e1e5845649e354841234567dfin0",
        "cee5265e1e5845649e354841234567dfin011",
        "cee5265e1e5845649e354841234567dfxx01",
        "gee5265e1e5845649e354841234567dfin01",
        "5c597ce5-9823-48aa-bf4d-2defb9385b4",
        "%27%20OR%201%3D1",
        "..%2F..%2Fetc",
        "%E6%B5%8B%E8%AF%95",
        new string('a', 10_000),
    ];

    /// <summary>Every malformed shape on the audit list, and three of them on every route.</summary>
    public static TheoryData<string, string, string?, string> MalformedIds
    {
        get
        {
            var data = new TheoryData<string, string, string?, string>();
            var (listMethod, list, _) = RdsRoutes.All[0];
            foreach (var id in Malformed.Skip(3))
            {
                data.Add(listMethod, list, null, id);
            }

            foreach (var (method, relative, body) in RdsRoutes.All)
            {
                foreach (var id in Malformed.Take(3))
                {
                    data.Add(method, relative, body, id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task A_malformed_instance_id_answers_DBS_280404(string method, string relative, string? body, string instanceId)
    {
        await using var f = await RdsFixture.StartAsync();

        var response = await SendAsync(f, method, f.InstancePath(instanceId) + relative, body);

        var message = await RdsFixture.AssertErrorAsync(response, 400, "DBS.280404");
        Assert.Equal("Invalid DB instance ID or node ID format.", message);
    }
}
