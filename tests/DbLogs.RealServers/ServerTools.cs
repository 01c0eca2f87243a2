using System.Diagnostics;
using System.Text;
using OsProcess = System.Diagnostics.Process;

namespace DbLogs.RealServers;

/// <summary>How a finished command ended and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Process, port and directory helpers shared by the real-server fixtures.</summary>
public static class ServerTools
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Whether this process runs as root (servers then need <c>--user=root</c>).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to its end, feeding <paramref name="stdin"/> (UTF-8, no BOM); kills it after <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = OsProcess.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command ended without reading its input; its exit code and output tell why.
        }

        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not end within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Kills a process and its children (a Redis BGSAVE child) if it still runs, and waits for it.</summary>
    public static void Kill(OsProcess process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
    }

    /// <summary>Deletes a directory tree, retrying briefly while a just-stopped process lets go of it.</summary>
    public static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>Copies a directory tree (a stopped server's data directory).</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>The file's text, or empty when it cannot be read (for failure messages).</summary>
    public static string TryReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Collects a started process's output lines (for failure messages) so its pipes never fill.</summary>
    public static Func<string> CaptureOutput(OsProcess process)
    {
        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return () =>
        {
            lock (output)
            {
                return output.ToString();
            }
        };
    }
}
