using System.Text.RegularExpressions;

namespace DbLogs.Tests.WebConsole;

/// <summary>A minimal browser over an HttpClient that does not follow redirects: it keeps the console's cookies and fills the sign-in form.</summary>
internal sealed partial class CookieBrowser(HttpClient client)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken { get; }

    public static string TokenIn(string html) => FormToken.Match(html).Groups[1].Value;

    public async Task<HttpResponseMessage> GetAsync(string path) => await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <param name="token">The anti-forgery form field, or null to post without it.</param>
    public async Task<HttpResponseMessage> PostAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(new("__csrf", token));
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) });
    }

    public async Task<HttpResponseMessage> SignInAsync(string project, string user, string password)
    {
        var page = await (await GetAsync("/console/signin")).Content.ReadAsStringAsync();
        return await PostAsync("/console/signin", TokenIn(page), ("project", project), ("user", user), ("password", password));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';', 2)[0].Split('=', 2);
            if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(pair[0]);
            }
            else
            {
                _cookies[pair[0]] = pair[1];
            }
        }

        return response;
    }
}
