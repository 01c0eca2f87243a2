using System.Buffers;
using Spectre.Console;

namespace DbLogs.Cli.Cloud;

/// <summary>Saves a download response to a file: a progress bar on a terminal, nothing while it runs otherwise.</summary>
internal static class FileDownload
{
    /// <summary>
    /// Writes to <c>{path}.part</c> and renames when complete, so a broken download never looks finished. The path is
    /// <paramref name="output"/>, else the response's Content-Disposition name, else <paramref name="fallbackName"/>, here.
    /// </summary>
    public static async Task<(string Path, long Bytes)> SaveAsync(HttpResponseMessage response, string? output, string fallbackName, bool terminal,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        var path = Path.GetFullPath(!string.IsNullOrEmpty(output) ? output : Path.GetFileName(name) is { Length: > 0 } safe ? safe : fallbackName);
        var total = response.Content.Headers.ContentLength;
        var part = path + ".part";
        try
        {
            long bytes;
            await using (var source = await response.Content.ReadAsStreamAsync(ct))
            await using (var target = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                bytes = terminal
                    ? await AnsiConsole.Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask(Path.GetFileName(path), maxValue: total ?? 0);
                            task.IsIndeterminate = total is null;
                            var copied = await CopyAsync(source, target, n => task.Increment(n), ct);
                            task.Value = task.MaxValue;
                            return copied;
                        })
                    : await CopyAsync(source, target, _ => { }, ct);
            }

            File.Move(part, path, overwrite: true);
            return (path, bytes);
        }
        catch
        {
            File.Delete(part);
            throw;
        }
    }

    private static async Task<long> CopyAsync(Stream source, Stream target, Action<long> progressed, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                total += read;
                progressed(read);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
