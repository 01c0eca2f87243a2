using System.Globalization;
using DbLogs.Core.Logs;
using DbLogs.Processing.Streams;
using DbLogs.Server.Api;
using DbLogs.Server.Rds;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Segments;
using DbLogs.Storage.Sources;

namespace DbLogs.Server.Tail;

/// <summary><c>GET /dblogs/v1/{project_id}/instances/{instance_id}/tail?node_id&amp;kind&amp;since</c>: a node's log as Server-Sent Events.</summary>
public static class TailEndpoints
{
    public const int MaxSince = 1000;
    private static readonly RdsFamily Family = RdsFamily.Instance;
    private static readonly string[] Kinds = [.. LogKinds.All.Select(k => k.Name())];

    public static RouteGroupBuilder MapTail(this RouteGroupBuilder projectGroup)
    {
        projectGroup.MapInstanceGroup(Family, null, Family.InstanceNotFound).MapGet("/tail", TailAsync).WithName("TailLog");
        return projectGroup;
    }

    [EndpointSummary("Streams a node's log as it is collected, as Server-Sent Events: one event per line, with its time.")]
    private static Task<IResult> TailAsync(HttpContext context, ISourceStore sources, IRegistryStore registry, IStreamStore segments,
        TailSignals signals, DbLogsOptions options) => ServeAsync(context, context.GetInstance(), sources, registry, segments, signals, options);

    /// <summary>Checks the query and streams the tail of <paramref name="instance"/>, already authorised by the caller.</summary>
    internal static async Task<IResult> ServeAsync(HttpContext context, Instance instance, ISourceStore sources, IRegistryStore registry,
        IStreamStore segments, TailSignals signals, DbLogsOptions options)
    {
        var q = new QueryParams(context.Request.Query, Family);
        var node = q.OptionalId("node_id");
        var kindName = q.OneOf("kind", Kinds, null, required: true);
        var since = q.Int("since", 0, MaxSince, 0);
        if (q.Error is not null || !LogKinds.TryParse(kindName, out var kind))
        {
            return Family.Result(q.Error ?? Family.InvalidParameter("kind"));
        }

        if ((kind == LogKind.RedisRun) != (instance.Engine == Engine.Redis))
        {
            return Family.Result(Family.InvalidParameter("kind", $"{kindName} is not a log of a {instance.Engine.ToString().ToLowerInvariant()} instance."));
        }

        var nodes = await registry.ListNodesAsync(instance.Id, context.RequestAborted);
        if (node is null || !nodes.Any(n => n.Id == node))
        {
            return Family.Result(Family.InvalidParameter("node_id", node is null ? "it is required." : "it is not a node of the instance."));
        }

        var source = (await sources.ListSourcesAsync(instance.Id, context.RequestAborted)).FirstOrDefault(s => s.NodeId == node && s.Kind == kind);
        if (source is null)
        {
            return Family.Result(Family.InvalidParameter("node_id", $"no {kindName} log has been collected from node {node} yet."));
        }

        long? resume = null;
        if (context.Request.Headers["Last-Event-ID"] is [{ } lastId])
        {
            resume = long.TryParse(lastId, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at <= source.Length ? at : -1;
        }

        if (resume is < 0)
        {
            return Family.Result(Family.InvalidParameter("Last-Event-ID", "not an event id of this stream."));
        }

        if (!signals.TryEnter(source.Id))
        {
            return Family.Result(Family.RequestRejected(StatusCodes.Status429TooManyRequests, "Too many live tails; try again later."));
        }

        try
        {
            var position = resume ?? await TailStart.FindAsync(segments, source.Id, source.Length, since, context.RequestAborted);
            var zone = await registry.ForAsync(source, context.RequestAborted);
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await context.Response.StartAsync(context.RequestAborted);
            var tail = options.LiveTail;
            using var events = new TailEventWriter(context.Response.BodyWriter, RecordClassifiers.Create(kind, zone), tail.WriteTimeout);
            await new TailSession(sources, segments, signals, tail, events).RunAsync(source.Id, position, source.Length, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            context.Abort(); // the client left, or stopped reading: its connection goes with the tail
        }
        finally
        {
            signals.Leave(source.Id);
        }

        return Results.Empty;
    }
}
