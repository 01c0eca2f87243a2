using System.Security.Cryptography;
using System.Text;
using DbLogs.Storage.Nodes;

namespace DbLogs.Server.Secrets;

/// <summary>
/// Makes sure this node's master key is the one the store's secrets were written with: the first start records a check
/// value of it (an HMAC, which does not reveal the key) in the store, and a node with another key refuses to start, since
/// it could neither read the stored secret keys nor verify the download links the other nodes sign.
/// </summary>
public static class MasterKeyAgreement
{
    private const string Setting = "master_key_check";

    public static async Task EnsureAsync(INodeStore store, MasterKey key, CancellationToken ct)
    {
        var check = Convert.ToBase64String(HMACSHA256.HashData(key.Bytes, Encoding.ASCII.GetBytes("dblogs master key check v1")));
        if (await store.AgreeAsync(Setting, check, ct) != check)
        {
            throw new InvalidOperationException(
                "This node's master key is not the one the store's secrets were written with: give every service node that shares " +
                "the store the same MasterKey (--MasterKey or DBLOGS_MASTERKEY, or the same master.key in its data directory).");
        }
    }
}
