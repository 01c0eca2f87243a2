using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using DbLogs.Core.Ingest;
using DbLogs.Core.Logs;
using DbLogs.Server.Api;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace DbLogs.Server.Ingest;

/// <summary>The route collectors post to (docs/collection.md): authenticated by an agent key for one instance.</summary>
public static class IngestEndpoints
{
    public const int MaxBatchBytes = 16 << 20;
    private static readonly ServiceFamily Family = ServiceFamily.Instance;
    private static readonly object InstanceKey = new();

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/" + IngestRoutes.Prefix).WithTags("Ingest");
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var auth = context.Request.Headers.Authorization.ToString();
            var key = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth["Bearer ".Length..].Trim() : string.Empty;
            var instance = key.Length is > 0 and <= 128
                ? await context.RequestServices.GetRequiredService<AgentKeys>().FindInstanceAsync(key, context.RequestAborted)
                : null;
            if (instance is null)
            {
                return Family.Result(key.Length == 0 ? Family.NoCredentials : Family.InvalidToken);
            }

            context.Items[InstanceKey] = instance;
            return await next(invocation);
        });
        group.MapPost(IngestRoutes.Heartbeat, PostHeartbeat).WithName("IngestHeartbeat");
        group.MapPost(IngestRoutes.Batches, PostBatch).WithName("IngestBatch");
        group.MapPost(IngestRoutes.Gaps, PostGap).WithName("IngestGap");
        group.MapPost(IngestRoutes.Status, PostStatus).WithName("IngestStatus");
        group.MapAuditPolicyAgentRoutes();
        group.MapRedisSlowlogIngest(context => (string)context.Items[InstanceKey]!);
        return routes;
    }

    /// <summary>The instance whose agent key authenticated this <c>/ingest/v1</c> request.</summary>
    public static string AgentInstanceId(this HttpContext context) => (string)context.Items[InstanceKey]!;

    /// <summary>The sending collector's id (<c>X-DbLogs-Collector</c>), or null when it sent none.</summary>
    private static string? CollectorId(HttpContext context) =>
        context.Request.Headers[IngestHeaders.Collector].ToString() is { Length: > 0 and <= 128 } id ? id : null;

    private static ApiErrorResult Refused(string refusal) => Family.Result(Family.RequestRejected(StatusCodes.Status423Locked, refusal));

    private static async Task<IResult> PostHeartbeat(HttpContext context, CollectorLeases leases)
    {
        if (CollectorId(context) is not { } collector)
        {
            return Family.Result(Family.InvalidParameter(IngestHeaders.Collector));
        }

        await leases.RenewAsync(collector, context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> PostBatch(HttpContext context, IngestService ingest)
    {
        var headers = context.Request.Headers;
        var node = headers[IngestHeaders.Node].ToString();
        var fileId = headers[IngestHeaders.FileId].ToString();
        var path = Uri.UnescapeDataString(headers[IngestHeaders.FilePath].ToString());
        if (node.Length is 0 or > 64 || fileId.Length is 0 or > 64 || path.Length > 4096)
        {
            return Family.Result(Family.InvalidParameter($"{IngestHeaders.Node}, {IngestHeaders.FileId} or {IngestHeaders.FilePath}"));
        }

        if (!LogKinds.TryParse(headers[IngestHeaders.Kind].ToString(), out var kind))
        {
            return Family.Result(Family.InvalidParameter(IngestHeaders.Kind));
        }

        if (!long.TryParse(headers[IngestHeaders.Offset].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Family.Result(Family.InvalidParameter(IngestHeaders.Offset));
        }

        if (context.Request.ContentLength > MaxBatchBytes)
        {
            return Family.Result(Family.RequestRejected(StatusCodes.Status413PayloadTooLarge, $"A batch is at most {MaxBatchBytes} bytes."));
        }

        long? fileSize = long.TryParse(headers[IngestHeaders.FileSize].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size : null;
        if (await ReadBodyAsync(context) is not { } body)
        {
            return Family.Result(Family.InvalidParameter("body", $"it must be at most {MaxBatchBytes} bytes (after decompression) of valid content."));
        }

        IngestResult result;
        try
        {
            result = await ingest.AppendAsync(new IngestBatch((string)context.Items[InstanceKey]!, node, kind, fileId, path, offset,
                body.Buffer.AsMemory(0, body.Length), fileSize)
            { CollectorId = CollectorId(context) }, context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Buffer);
        }

        return result.Outcome switch
        {
            IngestOutcome.Stored => TypedResults.Ok(new BatchResponse(fileId, result.StoredOffset)),
            IngestOutcome.AheadOfStored => TypedResults.Json(
                new { error_code = "DBLOGS.409", error_msg = "The batch starts after the stored bytes; resend from stored_offset.", stored_offset = result.StoredOffset },
                statusCode: StatusCodes.Status409Conflict),
            IngestOutcome.OwnedByAnotherCollector => Refused(result.Refusal!),
            _ => Family.Result(ServiceFamily.NotFound($"Source {node}/{kind.Name()} of this instance")),
        };
    }

    private static async Task<IResult> PostGap(HttpContext context, IngestService ingest, DbLogsOptions options)
    {
        var (report, _) = await IngestJson.ReadAsync<GapReport>(context, options.MaxApiBodyBytes);
        if (report is null || !LogKinds.TryParse(report.Kind, out var kind) || report.Bytes < 0 || report.Node is null || report.FilePath is null)
        {
            return Family.Result(Family.InvalidParameter("gap report"));
        }

        var result = await ingest.ReportGapAsync((string)context.Items[InstanceKey]!, report.Node, kind, report.ToGap("unknown"), CollectorId(context),
            context.RequestAborted);
        return result.Outcome switch
        {
            IngestOutcome.Stored => Results.NoContent(),
            IngestOutcome.OwnedByAnotherCollector => Refused(result.Refusal!),
            _ => Family.Result(ServiceFamily.NotFound($"Node {report.Node} of this instance")),
        };
    }

    private static async Task<IResult> PostStatus(HttpContext context, IngestService ingest, DbLogsOptions options)
    {
        var (report, _) = await IngestJson.ReadAsync<SourceStatusReport>(context, options.MaxApiBodyBytes);
        if (report is null || report.Node is null || !LogKinds.TryParse(report.Kind, out var kind) || report.LastError?.Length > 4096)
        {
            return Family.Result(Family.InvalidParameter("status report"));
        }

        var result = await ingest.ReportErrorAsync((string)context.Items[InstanceKey]!, report.Node, kind, report.LastError, CollectorId(context),
            context.RequestAborted);
        return result.Outcome switch
        {
            IngestOutcome.Stored => Results.NoContent(),
            IngestOutcome.OwnedByAnotherCollector => Refused(result.Refusal!),
            _ => Family.Result(ServiceFamily.NotFound($"Source {report.Node}/{report.Kind} of this instance")),
        };
    }

    /// <summary>
    /// The body, decompressed per <c>Content-Encoding</c> (zstd, or br and gzip from older agents) into a buffer rented from the shared pool (the
    /// caller returns it); null when too large, corrupt or in another encoding. Pooling matters: a fresh megabyte
    /// buffer per batch lands on the large-object heap and forces a full collection every few batches.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)?> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var encoding = request.Headers.ContentEncoding.ToString().ToLowerInvariant();
        await using var source = encoding switch
        {
            IngestHeaders.ZstdEncoding => ZstdBody(request.Body),
            "gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "" or "identity" => request.Body,
            _ => null,
        };
        if (source is null)
        {
            return null;
        }

        // A body that declares its length (the agent's uncompressed batches) gets a buffer of that size at once: growing one
        // from 1 MiB would copy an 8 MiB batch 15 MiB over. The caller has refused a declared length over MaxBatchBytes.
        var declared = ReferenceEquals(source, request.Body) && request.ContentLength is { } contentLength ? (int)contentLength : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(declared, 1 << 20));
        var length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length < buffer.Length)
                {
                    continue;
                }

                // Full: the body ends here, or it needs a larger buffer, or it is longer than a batch may be.
                var probe = new byte[1];
                if (await source.ReadAsync(probe, context.RequestAborted) == 0)
                {
                    break;
                }

                if (buffer.Length >= MaxBatchBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(MaxBatchBytes, buffer.Length * 2));
                buffer.AsSpan(0, length).CopyTo(larger);
                larger[length++] = probe[0];
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            return (buffer, length);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ZstdException or EndOfStreamException)
        {
            // Corrupt gzip throws the first, corrupt Brotli the second, corrupt or truncated zstd the last two.
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
    }

    private static DecompressionStream ZstdBody(Stream body)
    {
        var decompressor = new Decompressor();
        // A frame asking for a window beyond the largest batch is not one of ours: refuse it instead of allocating it.
        decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, BitOperations.Log2(MaxBatchBytes));
        return new DecompressionStream(body, decompressor, preserveDecompressor: false, leaveOpen: true);
    }
}
