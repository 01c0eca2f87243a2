using System.Globalization;
using System.Text;

namespace DbLogs.Tests.RealServers;

/// <summary>Real statements that make the audit plugin write records of every awkward kind.</summary>
internal static class AuditWorkload
{
    public const string Password = "Audit-S3cret-Pa55";

    /// <summary>Multi-line statements, quotes and backslashes, unicode, a user with a password, its login and a failed login.</summary>
    public static async Task VariedAsync(MariaDbServer server)
    {
        await server.SqlAsync(
            """
            CREATE DATABASE shop CHARACTER SET utf8mb4;
            CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(200)) CHARACTER SET utf8mb4;
            INSERT INTO shop.items VALUES
              (1, 'O''Brien\'s "quoted"'),
              (2, 'C:\\temp\\new	tab'),
              (3, 'Grüße 日本 🎉');
            SELECT
              id,
            	name
            FROM shop.items
            WHERE name LIKE '%\\\\%';
            """);
        await server.SqlAsync($"CREATE USER 'app'@'localhost' IDENTIFIED BY '{Password}';\nGRANT SELECT ON shop.* TO 'app'@'localhost';");
        Assert.Equal("3\n", await server.SqlAsync("SELECT COUNT(*) FROM shop.items;", "app", Password));
        var denied = await server.TryClientAsync("SELECT 1;", "nobody", "wrong");
        Assert.True(denied.ExitCode != 0 && denied.Stderr.Contains("Access denied", StringComparison.Ordinal), denied.ToString());
    }

    /// <summary>About 150 bytes of audit record per statement.</summary>
    public static async Task PaddingAsync(MariaDbServer server, string tag, int statements)
    {
        var batch = new StringBuilder();
        for (var i = 0; i < statements; i++)
        {
            batch.Append(CultureInfo.InvariantCulture, $"SELECT '{tag}', {i}, 'padding so the audit files fill up, with ''quotes'' and \\\\ backslashes';\n");
        }

        await server.SqlAsync(batch.ToString());
    }
}
