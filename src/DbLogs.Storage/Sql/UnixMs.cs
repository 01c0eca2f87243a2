namespace DbLogs.Storage.Sql;

internal static class UnixMs
{
    public static long From(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset To(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static long? FromNullable(DateTimeOffset? value) => value is { } v ? From(v) : null;

    public static DateTimeOffset? ToNullable(long? value) => value is { } v ? To(v) : null;
}
