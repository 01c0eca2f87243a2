using System.Globalization;

namespace DbLogs.RealServers;

/// <summary>
/// The <c>ceph.conf</c> of a throwaway single-host cluster (one mon, one memstore OSD, one radosgw), everything
/// under one directory. Why each setting is there: ../shared/recipes/object-storage.md.
/// </summary>
public static class CephConfig
{
    /// <summary>The cluster's entities and their caps, each given a cephx key in the one keyring.</summary>
    public static readonly (string Name, string[] Caps)[] Entities =
    [
        ("mon.", ["mon", "allow *"]),
        ("client.admin", ["mon", "allow *", "osd", "allow *", "mgr", "allow *"]),
        ("osd.0", ["mon", "allow profile osd", "osd", "allow *"]),
        ("client.rgw.a", ["mon", "allow rw", "osd", "allow rwx"]),
    ];

    /// <param name="memstoreBytes">How much the OSD may keep (in RAM); Ceph's default is 1 GiB, enough for the tests.</param>
    public static string Text(string root, Guid fsid, int monPort, int gatewayPort, long? memstoreBytes = null) => string.Create(CultureInfo.InvariantCulture, $"""
        [global]
        fsid = {fsid}
        mon host = v1:127.0.0.1:{monPort}
        mon initial members = a
        ms bind msgr2 = false
        auth cluster required = cephx
        auth service required = cephx
        auth client required = cephx
        keyring = {root}/keyring
        pid file = {root}/run/$name.pid
        admin socket = {root}/run/$name.asok
        log file = {root}/log/$name.log
        run dir = {root}/run
        osd pool default size = 1
        osd pool default min size = 1
        osd pool default pg num = 8
        osd pool default pgp num = 8
        mon allow pool size one = true
        osd crush chooseleaf type = 0

        [mon]
        mon data = {root}/mon
        paxos propose interval = 0.05

        [osd]
        osd data = {root}/osd
        osd objectstore = memstore
        {(memstoreBytes is { } bytes ? $"memstore device bytes = {bytes}" : string.Empty)}

        [client.rgw.a]
        rgw data = {root}/rgw
        rgw frontends = beast endpoint=127.0.0.1:{gatewayPort} tcp_nodelay=1
        rgw thread pool size = 32
        rgw gc obj min wait = 30
        rgw gc processor period = 30

        """);
}
