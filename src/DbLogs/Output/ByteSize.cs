using System.Globalization;

namespace DbLogs.Cli.Output;

/// <summary>Sizes for people: <c>812 B</c>, <c>259.8 KB</c>, <c>1.5 GB</c> (units of 1024, as <c>ls -h</c> counts).</summary>
internal static class ByteSize
{
    private static readonly string[] Units = ["KB", "MB", "GB", "TB", "PB"];

    public static string Format(double bytes)
    {
        if (Math.Abs(bytes) < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B");
        }

        var unit = -1;
        do
        {
            bytes /= 1024;
            unit++;
        }
        while (Math.Abs(bytes) >= 1024 && unit < Units.Length - 1);

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {Units[unit]}");
    }
}
