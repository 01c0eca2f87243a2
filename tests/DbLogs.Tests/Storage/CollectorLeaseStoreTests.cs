using DbLogs.Core.Logs;
using DbLogs.Storage.Registry;
using DbLogs.Storage.Sources;

namespace DbLogs.Tests.Storage;

public sealed class SqliteCollectorLeaseStoreTests : CollectorLeaseStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresCollectorLeaseStoreTests : CollectorLeaseStoreTests<PostgresStorageUnderTest>;

public abstract class CollectorLeaseStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private ICollectorLeaseStore Leases => Store<ICollectorLeaseStore>();

    [Fact]
    public async Task The_first_collector_owns_a_source_until_it_is_silent_for_the_lease()
    {
        var source = await SourceAsync(await InstanceAsync(Engine.Mysql, "n1"), "n1", LogKind.MariadbAudit);

        Assert.Null(await Leases.ClaimAsync(source.Id, "a", T0, Lease, take: true));
        Assert.Null(await Leases.ClaimAsync(source.Id, "a", T0.AddMinutes(1), Lease, take: true));
        Assert.Equal(new CollectorLease("a", T0.AddMinutes(1)), await Leases.ClaimAsync(source.Id, "b", T0.AddMinutes(5), Lease, take: true));

        Assert.Null(await Leases.ClaimAsync(source.Id, "b", T0.AddMinutes(6), Lease, take: true));
        Assert.Equal(new CollectorLease("b", T0.AddMinutes(6)), await Leases.ClaimAsync(source.Id, "a", T0.AddMinutes(7), Lease, take: true));
    }

    [Fact]
    public async Task A_check_takes_nothing_and_a_heartbeat_renews_every_lease_of_its_collector()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var audit = await SourceAsync(instance, "n1", LogKind.MariadbAudit);
        var slow = await SourceAsync(instance, "n1", LogKind.MariadbSlow);

        Assert.Null(await Leases.ClaimAsync(audit.Id, "b", T0, Lease, take: false));
        Assert.Null(await Leases.ClaimAsync(audit.Id, "a", T0, Lease, take: true));
        Assert.Null(await Leases.ClaimAsync(slow.Id, "a", T0, Lease, take: true));

        await Leases.RenewAllAsync("a", T0.AddMinutes(4));

        Assert.Equal(new CollectorLease("a", T0.AddMinutes(4)), await Leases.ClaimAsync(audit.Id, "b", T0.AddMinutes(8), Lease, take: false));
        Assert.Equal(new CollectorLease("a", T0.AddMinutes(4)), await Leases.ClaimAsync(slow.Id, "b", T0.AddMinutes(8), Lease, take: true));
        Assert.Null(await Leases.ClaimAsync(slow.Id, "b", T0.AddMinutes(9), Lease, take: true));
    }
}
