namespace DbLogs.Collection.Redis;

/// <summary>The bytes from the server are not valid RESP2 (or exceed our limits); the connection is unusable.</summary>
public sealed class RespProtocolException : IOException
{
    public RespProtocolException()
    {
    }

    public RespProtocolException(string message)
        : base(message)
    {
    }

    public RespProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
