using System.Diagnostics;

namespace DbLogs.Tests.Process;

/// <summary>A small tmpfs mounted for one test (needs root), so the test can fill a real file system; unmounted on dispose.</summary>
public sealed class Tmpfs : IDisposable
{
    private readonly TempDirectory _mountPoint = new("dblogs-tmpfs-");

    public Tmpfs(int megabytes)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", _mountPoint.Path);
    }

    public string Path => _mountPoint.Path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes zeros into <paramref name="name"/> until the file system has no room left; returns the bytes written.</summary>
    public long Fill(string name)
    {
        var written = 0L;
        var block = new byte[4096];
        using var filler = new FileStream(File(name), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                filler.Write(block);
                written += block.Length;
            }
        }
        catch (IOException)
        {
            return written; // ENOSPC
        }
    }

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
        }
        finally
        {
            _mountPoint.Dispose();
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
