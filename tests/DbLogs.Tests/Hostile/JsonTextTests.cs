using System.Net;
using System.Text;
using System.Text.Json;
using DbLogs.Tests.Support;

namespace DbLogs.Tests.Hostile;

/// <summary>JSON strings that do not decode to text (invalid UTF-8, an escaped lone surrogate) are a 400, never a 500.</summary>
public class JsonTextTests
{
    public static TheoryData<string, string> Bodies => new()
    {
        // {"x":"<bytes>"} with the placeholder replaced by the hostile bytes in Send.
        { "invalid UTF-8", "\uFFFF" },
        { "lone surrogate", "\\ud800" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Every_route_that_reads_json_answers_400_in_its_family_format(string kind, string hostile)
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var mysql = await app.CreateMysqlInstanceAsync(project);
        var token = await app.IssueTokenAsync(project);
        var instancePath = $"/v3/{project.Id}/instances/{mysql}";

        var cases = new (string Path, string Json, Action<HttpRequestMessage> Credential, string Family)[]
        {
            ("/v3/auth/tokens", """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","password":"@"}}},"scope":{"project":{"id":"P"}}}}""".Replace("\"P\"", $"\"{project.Id}\"", StringComparison.Ordinal), _ => { }, "iam"),
            (instancePath + "/auditlog-links", """{"ids":["@"]}""", r => r.Headers.Add("X-Auth-Token", token), "rds"),
            (instancePath + "/auditlog-policy", """{"keep_days":7,"audit_types":["@"]}""", r => r.Headers.Add("X-Auth-Token", token), "rds"),
            (instancePath + "/auditlog-rotate", """{"instance_id":"@"}""", r => r.Headers.Add("X-Auth-Token", token), "rds"),
            ("/admin/v1/projects", """{"name":"@"}""", r => r.Headers.Add("X-Admin-Key", app.AdminKey), "service"),
            ($"/admin/v1/projects/{project.Id}/users", """{"name":"bob","password":"@"}""", r => r.Headers.Add("X-Admin-Key", app.AdminKey), "service"),
            ($"/admin/v1/projects/{project.Id}/access-keys", """{"ak":"AK1","sk":"@"}""", r => r.Headers.Add("X-Admin-Key", app.AdminKey), "service"),
            ($"/admin/v1/projects/{project.Id}/instances", """{"name":"@","engine":"redis"}""", r => r.Headers.Add("X-Admin-Key", app.AdminKey), "service"),
        };

        foreach (var (path, json, credential, family) in cases)
        {
            var method = path.EndsWith("auditlog-policy", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
            var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Hostile(json, hostile)) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            credential(request);

            var response = await app.Client.SendAsync(request);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind} at {method} {path}: {(int)response.StatusCode} {body}");
            var root = JsonDocument.Parse(body).RootElement;
            Assert.True(family == "iam" ? root.GetProperty("error").GetProperty("code").GetInt32() == 400
                : root.GetProperty("error_code").GetString()!.StartsWith(family == "rds" ? "DBS." : "DBLOGS.", StringComparison.Ordinal), body);
        }
    }

    /// <summary>The JSON with '@' replaced by the hostile content: raw bytes 0xC3 0x28 (invalid UTF-8) or an escape text.</summary>
    private static byte[] Hostile(string json, string hostile)
    {
        var at = json.IndexOf('@', StringComparison.Ordinal);
        var middle = hostile == "\uFFFF" ? [0xC3, 0x28, 0xFF] : Encoding.ASCII.GetBytes(hostile);
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. middle, .. Encoding.UTF8.GetBytes(json[(at + 1)..])];
    }
}
