using System.Diagnostics;
using System.Net.Sockets;

namespace DbLogs.Bench;

/// <summary>
/// A private Debian <c>nginx</c> (installed by scripts/bench.sh) serving one directory on a loopback port with sendfile:
/// its own configuration, logs and pid file in a temporary directory, in the foreground, stopped by <see cref="Dispose"/>.
/// </summary>
internal sealed class Nginx : IDisposable
{
    private const string Program = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _dir;

    private Nginx(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Nginx> StartAsync(string root)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: scripts/bench.sh installs it (apt-get install nginx).");
        }

        var dir = Directory.CreateTempSubdirectory("dblogs-bench-nginx-").FullName;
        var port = ServeProcess.FreePort();
        // As root the workers would drop to nobody, who cannot read the bench's private temporary directories.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
            {{user}}
            daemon off;
            worker_processes auto;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 100000;
              client_body_temp_path {{dir}}/body;
              proxy_temp_path {{dir}}/proxy;
              fastcgi_temp_path {{dir}}/fastcgi;
              uwsgi_temp_path {{dir}}/uwsgi;
              scgi_temp_path {{dir}}/scgi;
              server {
                listen 127.0.0.1:{{port}};
                root {{root}};
                default_type application/octet-stream;
              }
            }
            """);
        var info = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(dir);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Path.Combine(dir, "nginx.conf"));
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start nginx");
        var nginx = new Nginx(process, dir, port);
        await nginx.WaitListeningAsync();
        return nginx;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task WaitListeningAsync()
    {
        for (var i = 0; i < 100 && !_process.HasExited; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        var error = _process.HasExited ? await _process.StandardError.ReadToEndAsync() : "not listening after 5 s";
        Dispose();
        throw new InvalidOperationException($"nginx did not start: {error}");
    }
}
