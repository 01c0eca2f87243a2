using DbLogs.Server.Admin;
using DbLogs.Server.Api;
using Prometheus;

namespace DbLogs.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, with the admin key (<c>X-Admin-Key</c>) or on the scraper's own
/// listener (<see cref="MetricsListener"/>); request counts and latency per route template and status for every route.
/// </summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddServiceMetrics(this WebApplicationBuilder builder, string defaultUrl)
    {
        // Nothing of prometheus-net's process-wide default registry is used; this keeps it from starting its listeners.
        Prometheus.Metrics.SuppressDefaultMetrics();
        var listener = MetricsListener.FromConfiguration(builder.Configuration);
        listener?.Bind(builder, defaultUrl);
        builder.Services.AddSingleton(new MetricsAccess(listener));
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton<SourceGauges>();
        return builder;
    }

    /// <summary>Before the routes: the HTTP measurements, and the scraper's listener kept to <c>/metrics</c>.</summary>
    public static WebApplication UseServiceMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        _ = app.Services.GetRequiredService<SourceGauges>(); // registers what it reads at scrape time
        if (app.Services.GetRequiredService<MetricsAccess>().Listener is { } listener)
        {
            app.Use((context, next) => !listener.Accepted(context.Connection) || context.Request.Path == Path
                ? next(context)
                : ServiceFamily.Instance.Result(ServiceFamily.Instance.RouteNotFound).ExecuteAsync(context));
        }

        // The endpoint label is the route template (/v2/{project_id}/instances/{instance_id}/redislog), never the raw path.
        app.UseHttpMetrics(options => options.SetMetricFactory(metrics.Factory));
        app.MapGet(Path, ScrapeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task ScrapeAsync(HttpContext context, ServiceMetrics metrics, MetricsAccess access, AdminCredentials admin)
    {
        if (access.Listener?.Accepted(context.Connection) != true && admin.Refusal(context.Request) is { } refusal)
        {
            await ServiceFamily.Instance.Result(refusal).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }

    public sealed record MetricsAccess(MetricsListener? Listener);
}
