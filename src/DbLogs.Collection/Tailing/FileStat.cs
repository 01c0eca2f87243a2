using System.Buffers.Binary;
using System.Runtime.InteropServices;
using DbLogs.Core.Files;
using Microsoft.Win32.SafeHandles;

namespace DbLogs.Collection.Tailing;

/// <summary>Which file an open handle or a path refers to, whatever its name: device and inode numbers.</summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode);

public readonly record struct FileStat(FileIdentity Identity, long Size)
{
    /// <returns>False when the path does not exist (any more).</returns>
    public static bool TryOf(string path, out FileStat stat)
    {
        Libc.EnsureSupported();
        var buffer = new byte[Libc.StatBufferSize];
        if (Libc.Stat(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Libc.ENOENT or Libc.ENOTDIR)
            {
                stat = default;
                return false;
            }

            throw NativeCallError.For("stat", path, errno);
        }

        stat = Decode(buffer);
        return true;
    }

    public static FileStat Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Libc.EnsureSupported();
        var buffer = new byte[Libc.StatBufferSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Libc.FStat((int)handle.DangerousGetHandle(), buffer) != 0)
            {
                throw NativeCallError.For("fstat", $"fd {handle.DangerousGetHandle()}", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return Decode(buffer);
    }

    private static FileStat Decode(ReadOnlySpan<byte> buffer) => new(
        new FileIdentity(
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[Libc.DeviceOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[Libc.InodeOffset..])),
        BinaryPrimitives.ReadInt64LittleEndian(buffer[Libc.SizeOffset..]));
}
