using DbLogs.Tests.Support;

namespace DbLogs.Tests.Auth;

/// <summary>The tests' own signer (Support/RequestSigner) reproduces every published vector of spec/auth.md.</summary>
public class RequestSignerTests
{
    private const string ExampleQuery = "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    private const string ExampleDate = "20191115T033655Z";
    private const string DcsPath = "/v2/0524e839a54847039e9b2b46e8aa788a/instances/5c597ce5-9823-48aa-bf4d-2defb9385b4a";

    public static TheoryData<string, string, string, string, string, string, string> Vectors => new()
    {
        // sk, method, path, query, headers (name:value;…), body, signature
        { "SecretKey", "GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", ExampleQuery,
            "host:service.region.example.com;x-sdk-date:" + ExampleDate, "", "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d" },
        { "SecretKey", "POST", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123", "",
            "host:service.region.example.com;x-sdk-date:" + ExampleDate, """{"key":"value"}""", "b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771" },
        { "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", ExampleQuery,
            "content-type:application/json;host:service.region.example.com;x-sdk-date:" + ExampleDate, "",
            "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe" },
        { "TESTSK", "GET", DcsPath + "/redislog", "offset=0&limit=10&log_type=run", DcsHeaders, "",
            "27c59f5a076479d985db5caa0b02babb290446c58ed21976aa3d9a4246937569" },
        { "TESTSK", "POST", DcsPath + "/redislog", "query_time=7&log_type=run&replication_id=a1b2c3", DcsHeaders, "",
            "ee0bc88587c50fe69eabac347619b1c97f8a0b3ea255f4ef2cb000fb75a6b4ca" },
        { "TESTSK", "POST", DcsPath + "/redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/links", "", DcsHeaders, "",
            "e2f36976e07cee5f509d39210f0806e7001fb865683b9ff2e3710d66b60757a0" },
        { "TESTSK", "GET", DcsPath + "/slowlog", "offset=0&limit=10&sort_key=start_time&sort_dir=desc&start_time=1598803200000&end_time=1599494399000",
            DcsHeaders, "", "fb432d9f5e9d5fc4ca30c097c78838a7776c67821f023141789ba736b7a74a0d" },
    };

    private static string DcsHeaders => "host:dcs.example.com;x-project-id:0524e839a54847039e9b2b46e8aa788a;x-sdk-date:20240101T000000Z";

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reproduces_the_published_vector(string sk, string method, string path, string query, string headers, string body, string expected)
    {
        var signed = headers.Split(';').Select(h => h.Split(':', 2)).Select(h => (h[0], h[1])).ToList();

        var signature = RequestSigner.Signature(sk, signed.Single(h => h.Item1 == "x-sdk-date").Item2, method, path, query, signed,
            RequestSigner.Sha256Hex(body));

        Assert.Equal(expected, signature);
    }

    [Fact]
    public void A_raw_plus_in_the_query_is_a_space_and_differs_from_an_encoded_plus()
    {
        (string, string)[] headers = [("host", "localhost"), ("x-sdk-date", ExampleDate)];
        string Sign(string query) => RequestSigner.Signature("SK", ExampleDate, "GET", "/v3/p/instances/i/auditlog", query, headers, RequestSigner.Sha256Hex(""));

        Assert.Equal(Sign("start_time=09:00:00%200800"), Sign("start_time=09:00:00+0800"));
        Assert.NotEqual(Sign("start_time=09:00:00%2B0800"), Sign("start_time=09:00:00+0800"));
    }
}
