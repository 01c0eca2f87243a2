namespace DbLogs.Server.Auth;

/// <summary>Who is calling a cloud-compatible route, as established by <see cref="CloudAuthenticator"/>.</summary>
public sealed record Caller(string ProjectId);

public static class CallerContext
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller GetCaller(this HttpContext context) =>
        context.Items[Key] as Caller ?? throw new InvalidOperationException("The route was reached without authentication.");
}
