using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.Tests.Process;

/// <summary>One request for <c>tests/compat/sdk-request.mjs</c>: the arguments of the SDK's <c>HcClient.sendRequest</c>.</summary>
public sealed record SdkRequest(string Method, string Url)
{
    public IReadOnlyDictionary<string, string> PathParams { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, object> QueryParams { get; init; } = new Dictionary<string, object>();

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A JSON-serialisable body; the SDK signs and sends <c>JSON.stringify(body)</c>.</summary>
    public object? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>The time the SDK believes it is while signing (X-Sdk-Date).</summary>
    public DateTimeOffset? SdkDateOverride { get; init; }

    /// <summary>Query values changed after signing, before sending.</summary>
    public SdkTamper? Tamper { get; init; }
}

/// <param name="SpaceAsPlus">Sends each space of the query as a raw <c>+</c> (as the .NET SDK does) instead of the SDK's <c>%20</c>.</param>
public sealed record SdkTamper(IReadOnlyDictionary<string, string>? QueryParams = null, IReadOnlyDictionary<string, string>? Headers = null,
    bool SpaceAsPlus = false);

/// <summary>What came back: status, response headers (lower-case names), the body as text, and what the SDK sent.</summary>
public sealed record SdkResult(int Status, IReadOnlyDictionary<string, string> Headers, string Body, JsonElement Sent)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string SentHeader(string name) => Sent.GetProperty("headers").GetProperty(name).GetString() ?? string.Empty;

    public override string ToString() => $"{Status} {Body}";
}

/// <summary>
/// The official Huawei Cloud SDK core for Node.js (<c>@huaweicloud/huaweicloud-sdk-core</c>, installed in
/// <c>tests/compat</c> by <c>npm ci --prefix tests/compat</c>) sending signed requests to a service.
/// </summary>
public sealed record NodeSdk(string Endpoint, string Ak, string Sk, string ProjectId)
{
    private static readonly JsonSerializerOptions InputJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DbLogs.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No DbLogs.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string CompatDirectory => Path.Combine(RepositoryRoot, "tests", "compat");

    /// <summary>Fails (never skips) when the npm packages are not installed.</summary>
    public static void EnsureInstalled()
    {
        var sdk = Path.Combine(CompatDirectory, "node_modules", "@huaweicloud", "huaweicloud-sdk-core", "package.json");
        if (!File.Exists(sdk))
        {
            Assert.Fail($"The Node.js SDK compatibility tests need the official SDK installed: run `npm ci --prefix tests/compat` " +
                $"in {RepositoryRoot} (Node.js and npm required). Missing: {sdk}");
        }
    }

    public async Task<SdkResult> SendAsync(SdkRequest request)
    {
        var input = JsonSerializer.Serialize(new
        {
            Endpoint,
            Ak,
            Sk,
            ProjectId,
            request.Method,
            request.Url,
            request.PathParams,
            request.QueryParams,
            request.Headers,
            request.Body,
            request.ContentType,
            SdkDateOverride = request.SdkDateOverride?.ToString("O"),
            request.Tamper,
        }, InputJson);

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = CompatDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("sdk-request.mjs");
        using var process = new OsProcess { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Cannot run node ({ex.Message}): Node.js is needed for the SDK compatibility tests.");
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"sdk-request.mjs did not finish within 30 s. stderr: {await stderr}");
            }
        }

        var output = await stdout;
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null || !line.StartsWith('{'))
        {
            Assert.Fail($"sdk-request.mjs exited with {process.ExitCode}.\n--- stdout ---\n{output}\n--- stderr ---\n{await stderr}");
        }

        var result = JsonDocument.Parse(line).RootElement;
        var headers = result.GetProperty("headers").EnumerateObject()
            .ToDictionary(h => h.Name, h => h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new SdkResult(result.GetProperty("status").GetInt32(), headers, result.GetProperty("body").GetString() ?? string.Empty,
            result.GetProperty("sent").Clone());
    }
}
