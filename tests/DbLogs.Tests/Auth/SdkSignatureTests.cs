using System.Text;
using DbLogs.Server.Auth.Signing;

namespace DbLogs.Tests.Auth;

public class SdkSignatureTests
{
    private const string ExampleHost = "service.region.example.com";
    private const string ExamplePath = "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs";
    private const string ExampleQuery = "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    private const string ExampleDate = "20191115T033655Z";

    private const string DcsProject = "0524e839a54847039e9b2b46e8aa788a";
    private const string DcsInstancePath =
        "/v2/0524e839a54847039e9b2b46e8aa788a/instances/5c597ce5-9823-48aa-bf4d-2defb9385b4a";
    private const string DcsDate = "20240101T000000Z";
    private const string DcsSignedHeaders = "host;x-project-id;x-sdk-date";

    [Fact]
    public void V1_DotNetSdk_Get()
    {
        var signature = SignVector(
            "SecretKey", "GET", ExamplePath, ExampleQuery, "host;x-sdk-date",
            new() { ["Host"] = ExampleHost, ["X-Sdk-Date"] = ExampleDate },
            body: "");

        Assert.Equal("fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d", signature);
    }

    [Fact]
    public void V2_DotNetSdk_PostWithBody()
    {
        var signature = SignVector(
            "SecretKey", "POST", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123", "", "host;x-sdk-date",
            new() { ["Host"] = ExampleHost, ["X-Sdk-Date"] = ExampleDate },
            body: """{"key":"value"}""");

        Assert.Equal("b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771", signature);
    }

    [Fact]
    public void V3_SigningGuide_GetWithContentType()
    {
        var signature = SignVector(
            "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "GET", ExamplePath, ExampleQuery,
            "content-type;host;x-sdk-date",
            new()
            {
                ["Content-Type"] = "application/json",
                ["Host"] = ExampleHost,
                ["X-Sdk-Date"] = ExampleDate,
            },
            body: "");

        Assert.Equal("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe", signature);
    }

    [Fact]
    public void Dcs_GetRunLogs()
    {
        var signature = SignDcs("GET", DcsInstancePath + "/redislog", "offset=0&limit=10&log_type=run");

        Assert.Equal("27c59f5a076479d985db5caa0b02babb290446c58ed21976aa3d9a4246937569", signature);
    }

    [Fact]
    public void Dcs_GetRunLogs_CanonicalParts()
    {
        Assert.Equal("limit=10&log_type=run&offset=0", CanonicalRequest.Query("offset=0&limit=10&log_type=run"));
        Assert.EndsWith("/redislog/", CanonicalRequest.Uri(DcsInstancePath + "/redislog"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dcs_PostCollectLogs()
    {
        var signature = SignDcs("POST", DcsInstancePath + "/redislog", "query_time=7&log_type=run&replication_id=a1b2c3");

        Assert.Equal("ee0bc88587c50fe69eabac347619b1c97f8a0b3ea255f4ef2cb000fb75a6b4ca", signature);
    }

    [Fact]
    public void Dcs_PostLogLinks()
    {
        var signature = SignDcs("POST", DcsInstancePath + "/redislog/3ea6ce21-048e-447a-83c3-3fb004b88439/links", "");

        Assert.Equal("e2f36976e07cee5f509d39210f0806e7001fb865683b9ff2e3710d66b60757a0", signature);
    }

    [Fact]
    public void Dcs_GetSlowLogs()
    {
        var signature = SignDcs(
            "GET", DcsInstancePath + "/slowlog",
            "offset=0&limit=10&sort_key=start_time&sort_dir=desc&start_time=1598803200000&end_time=1599494399000");

        Assert.Equal("fb432d9f5e9d5fc4ca30c097c78838a7776c67821f023141789ba736b7a74a0d", signature);
    }

    [Fact]
    public void CanonicalRequest_HasOfficialLayout()
    {
        var canonical = CanonicalRequest.Build(
            "GET", "/v1/x", "?b=2&a=1", ["Host", "X-Sdk-Date"],
            name => name switch
            {
                "host" => ["  example.com  "],
                "x-sdk-date" => [ExampleDate],
                _ => [],
            },
            SdkSignature.EmptyBodySha256);

        Assert.Equal(
            "GET\n/v1/x/\na=1&b=2\nhost:example.com\nx-sdk-date:20191115T033655Z\n\nhost;x-sdk-date\n"
            + SdkSignature.EmptyBodySha256,
            canonical);
    }

    [Fact]
    public void CanonicalRequest_RepeatedHeaderValuesSortedOneLineEach()
    {
        var canonical = CanonicalRequest.Build(
            "GET", "/", "", ["x-a"], _ => ["b", "a"], SdkSignature.EmptyBodySha256);

        Assert.Equal("GET\n/\n\nx-a:a\nx-a:b\n\nx-a\n" + SdkSignature.EmptyBodySha256, canonical);
    }

    [Fact]
    public void EmptyBodySha256_IsSha256OfNothing()
    {
        Assert.Equal(SdkSignature.EmptyBodySha256, SdkSignature.LowerHexSha256([]));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/v1/abc", "/v1/abc/")]
    [InlineData("/v1/abc/", "/v1/abc/")]
    [InlineData("/a~b/c-d_e.f", "/a~b/c-d_e.f/")]
    [InlineData("/a%7Eb", "/a~b/")]
    [InlineData("/a b", "/a%20b/")]
    [InlineData("/a%20b", "/a%20b/")]
    [InlineData("/a+b", "/a%2Bb/")]
    [InlineData("/日志", "/%E6%97%A5%E5%BF%97/")]
    [InlineData("/%E6%97%A5%E5%BF%97", "/%E6%97%A5%E5%BF%97/")]
    [InlineData("/caf%c3%a9", "/caf%C3%A9/")]
    [InlineData("/50%", "/50%25/")]
    [InlineData("/%zz", "/%25zz/")]
    public void CanonicalUri_DecodesAndReencodesSegments(string rawPath, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.Uri(rawPath));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("&&", "")]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("?b=2&a=1", "a=1&b=2")]
    [InlineData("q=a+b", "q=a%20b")]
    [InlineData("q=a%20b", "q=a%20b")]
    [InlineData("q=a%2Bb", "q=a%2Bb")]
    [InlineData("flag", "flag=")]
    [InlineData("flag=", "flag=")]
    [InlineData("k=3&k=1&k=2", "k=1&k=2&k=3")]
    [InlineData("a=x=y", "a=x%3Dy")]
    [InlineData("q=%E6%97%A5", "q=%E6%97%A5")]
    [InlineData("q=日", "q=%E6%97%A5")]
    [InlineData("q=~-_.", "q=~-_.")]
    [InlineData("q=100%", "q=100%25")]
    [InlineData("q=%g1", "q=%25g1")]
    [InlineData("B=1&a=1", "B=1&a=1")]
    public void CanonicalQuery_DecodesSortsAndReencodes(string rawQuery, string expected)
    {
        Assert.Equal(expected, CanonicalRequest.Query(rawQuery));
    }

    [Fact]
    public void TryParseAuthorization_AcceptsSdkFormat()
    {
        var ok = SdkAuthorization.TryParse(
            "SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=host;x-project-id;x-sdk-date, Signature=27c59f5a07",
            out var auth);

        Assert.True(ok);
        Assert.Equal("TESTAK", auth.AccessKey);
        Assert.Equal(["host", "x-project-id", "x-sdk-date"], auth.SignedHeaders);
        Assert.Equal("27c59f5a07", auth.Signature);
    }

    [Fact]
    public void TryParseAuthorization_ToleratesSpacesOrderAndCase()
    {
        var ok = SdkAuthorization.TryParse(
            "  SDK-HMAC-SHA256   Signature = abc123 ,SignedHeaders=Host; X-Sdk-Date ,  Access=AK  ",
            out var auth);

        Assert.True(ok);
        Assert.Equal("AK", auth.AccessKey);
        Assert.Equal(["host", "x-sdk-date"], auth.SignedHeaders);
        Assert.Equal("abc123", auth.Signature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("SDK-HMAC-SHA256")]
    [InlineData("SDK-HMAC-SHA256 ")]
    [InlineData("SDK-HMAC-SHA256Access=AK, SignedHeaders=host, Signature=ab")]
    [InlineData("SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=ab")]
    [InlineData("AWS4-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ab")]
    [InlineData("sdk-hmac-sha256 Access=AK, SignedHeaders=host, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 SignedHeaders=host, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host")]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x-sdk-date, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=not-hex")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, Access=AK2, SignedHeaders=host, Signature=ab")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ab, Extra=1")]
    [InlineData("SDK-HMAC-SHA256 Access=AK SignedHeaders=host Signature=ab")]
    public void TryParseAuthorization_RejectsInvalid(string? header)
    {
        Assert.False(SdkAuthorization.TryParse(header, out _));
    }

    [Fact]
    public void TryParseSdkDate_AcceptsBasicFormatAsUtc()
    {
        Assert.True(SdkSignature.TryParseSdkDate("20191115T033655Z", out var date));
        Assert.Equal(new DateTimeOffset(2019, 11, 15, 3, 36, 55, TimeSpan.Zero), date);
        Assert.Equal(TimeSpan.Zero, date.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2019-11-15T03:36:55Z")]
    [InlineData("20191115T033655")]
    [InlineData("20191115 033655Z")]
    [InlineData(" 20191115T033655Z")]
    [InlineData("20191315T033655Z")]
    public void TryParseSdkDate_RejectsOtherFormats(string? value)
    {
        Assert.False(SdkSignature.TryParseSdkDate(value, out _));
    }

    [Fact]
    public void SignatureEquals_ComparesExactly()
    {
        const string signature = "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d";

        Assert.True(SdkSignature.SignatureEquals(signature, string.Concat("fd95e7da", signature.AsSpan(8))));
        Assert.False(SdkSignature.SignatureEquals(signature, signature[..^1]));
        Assert.False(SdkSignature.SignatureEquals(signature, signature + "0"));
        Assert.False(SdkSignature.SignatureEquals(signature, "0" + signature[1..]));
        Assert.False(SdkSignature.SignatureEquals(signature, signature[..^1] + "e"));
        Assert.False(SdkSignature.SignatureEquals(signature, ""));
    }

    [Fact]
    public void LongInputs_UsePooledBuffersCorrectly()
    {
        var segment = string.Concat(Enumerable.Repeat("é a", 300));
        var encoded = string.Concat(Enumerable.Repeat("%C3%A9%20a", 300));

        Assert.Equal("/" + encoded + "/", CanonicalRequest.Uri("/" + segment));
        Assert.Equal("q=" + encoded, CanonicalRequest.Query("q=" + segment.Replace(' ', '+')));

        var secretKey = new string('k', 700);
        var message = new string('m', 2000);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secretKey));
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(message)));
        Assert.Equal(expected, SdkSignature.Sign(secretKey, message));

        var stringToSign = SdkSignature.StringToSign(ExampleDate, message);
        Assert.Equal(
            "SDK-HMAC-SHA256\n" + ExampleDate + "\n" + SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(message)),
            stringToSign);
    }

    private static string SignDcs(string method, string path, string query) =>
        SignVector(
            "TESTSK", method, path, query, DcsSignedHeaders,
            new() { ["Host"] = "dcs.example.com", ["X-Project-Id"] = DcsProject, ["X-Sdk-Date"] = DcsDate },
            body: "");

    private static string SignVector(
        string secretKey,
        string method,
        string rawPath,
        string rawQuery,
        string signedHeaders,
        Dictionary<string, string> headers,
        string body)
    {
        var lookup = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var canonical = CanonicalRequest.Build(
            method,
            rawPath,
            rawQuery,
            signedHeaders.Split(';'),
            name => lookup.TryGetValue(name, out var value) ? [value] : [],
            SdkSignature.LowerHexSha256(Encoding.UTF8.GetBytes(body)));
        var stringToSign = SdkSignature.StringToSign(lookup["X-Sdk-Date"], canonical);
        return SdkSignature.Sign(secretKey, stringToSign);
    }
}
