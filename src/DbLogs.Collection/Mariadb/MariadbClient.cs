using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DbLogs.Collection.Mariadb;

/// <summary>
/// Runs SQL through the <c>mariadb</c> command-line client (Debian's mariadb-client; there is no .NET driver here).
/// The credentials go into a private option file (mode 0600, deleted afterwards) given with <c>--defaults-file</c>,
/// never on the command line where <c>ps</c> shows them; the SQL goes to the client's input.
/// </summary>
public static class MariadbClient
{
    public const string Program = "mariadb";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <returns>The client's tab-separated output (<c>--batch --skip-column-names</c>).</returns>
    public static async Task<string> RunAsync(MariadbConnection connection, string sql, CancellationToken ct)
    {
        var optionFile = WriteOptionFile(connection);
        try
        {
            var info = new ProcessStartInfo(Program)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { $"--defaults-file={optionFile}", "--batch", "--skip-column-names", "--connect-timeout=10" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Start(info);
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.StandardInput.WriteAsync(sql.AsMemory(), ct);
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                throw new MariadbClientException($"the mariadb client did not finish within {Timeout.TotalSeconds:0} s on {connection}");
            }

            var error = (await stderr).Trim();
            if (process.ExitCode != 0)
            {
                throw new MariadbClientException(error.Length > 0 ? FirstLine(error) : $"the mariadb client exited with {process.ExitCode}");
            }

            return await stdout;
        }
        finally
        {
            File.Delete(optionFile);
        }
    }

    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new MariadbClientException("the mariadb client could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new MariadbClientException($"the mariadb client could not be started ({ex.Message}); install mariadb-client");
        }
    }

    private static string WriteOptionFile(MariadbConnection connection)
    {
        var text = new StringBuilder("[client]\n");
        Append(text, "user", connection.User);
        Append(text, "password", connection.Password);
        if (connection.Socket is { Length: > 0 })
        {
            Append(text, "socket", connection.Socket);
            Append(text, "protocol", "socket");
        }
        else
        {
            Append(text, "host", connection.Host);
            Append(text, "port", connection.Port.ToString(CultureInfo.InvariantCulture));
            Append(text, "protocol", "tcp");
        }

        Append(text, "default-character-set", "utf8mb4");
        var path = Path.Combine(Path.GetTempPath(), $"dblogs-mariadb-{Guid.NewGuid():N}.cnf");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        return path;
    }

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        // Option-file values in double quotes take backslash escapes.
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        text.Append(key).Append("=\"").Append(escaped).Append("\"\n");
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end].TrimEnd();
    }
}
