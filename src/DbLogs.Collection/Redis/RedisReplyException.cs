namespace DbLogs.Collection.Redis;

/// <summary>The server answered a command with an error reply (<c>-ERR …</c>, <c>-WRONGPASS …</c>, <c>-NOAUTH …</c>).</summary>
public sealed class RedisReplyException : IOException
{
    public RedisReplyException()
    {
    }

    public RedisReplyException(string message)
        : base(message)
    {
    }

    public RedisReplyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
