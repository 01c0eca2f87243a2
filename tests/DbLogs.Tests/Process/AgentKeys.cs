using System.Net;
using System.Text.Json;

namespace DbLogs.Tests.Process;

/// <summary>Agent keys of a <see cref="ServeProcess"/>, issued through its admin API for the bootstrap's Redis instance.</summary>
public static class AgentKeys
{
    public static string AdminKey(ServeProcess service) => File.ReadAllText(Path.Combine(service.DataDirectory, "admin.key")).Trim();

    public static async Task<string> IssueAsync(ServeProcess service)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/v1/instances/{ProcessBootstrap.RedisInstanceId}/agent-keys");
        request.Headers.Add("X-Admin-Key", AdminKey(service));
        var response = await service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
    }
}
