using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace DbLogs.Server.Hosting;

/// <summary>Gives Kestrel's transport a <see cref="TransportMemoryPool"/> (registered in place of Kestrel's own factory).</summary>
public sealed class TransportMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TransportMemoryPool();
}
