namespace DbLogs.Collection.Redis;

/// <summary>The kinds of RESP2 reply.</summary>
public enum RespType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,

    /// <summary>A null bulk string (<c>$-1</c>) or a null array (<c>*-1</c>).</summary>
    Null,
}

/// <summary>One parsed RESP2 reply. Strings are decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
public sealed class RespValue
{
    public static readonly RespValue NullValue = new(RespType.Null, null, 0, null);

    private RespValue(RespType type, string? text, long integer, IReadOnlyList<RespValue>? items)
    {
        Type = type;
        Text = text;
        Integer = integer;
        Items = items;
    }

    public RespType Type { get; }

    /// <summary>The text of a simple string, an error or a bulk string.</summary>
    public string? Text { get; }

    public long Integer { get; }

    /// <summary>The elements of an array.</summary>
    public IReadOnlyList<RespValue>? Items { get; }

    public static RespValue Simple(string text) => new(RespType.SimpleString, text, 0, null);

    public static RespValue Error(string text) => new(RespType.Error, text, 0, null);

    public static RespValue Number(long value) => new(RespType.Integer, null, value, null);

    public static RespValue Bulk(string text) => new(RespType.BulkString, text, 0, null);

    public static RespValue Array(IReadOnlyList<RespValue> items) => new(RespType.Array, null, 0, items);

    public override string ToString() => Type switch
    {
        RespType.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RespType.Array => "[" + string.Join(", ", Items!) + "]",
        RespType.Null => "(nil)",
        RespType.Error => "-" + Text,
        _ => Text ?? string.Empty,
    };
}
