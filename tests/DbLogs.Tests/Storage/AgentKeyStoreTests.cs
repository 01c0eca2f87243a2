using DbLogs.Storage.Registry;

namespace DbLogs.Tests.Storage;

public sealed class SqliteAgentKeyStoreTests : AgentKeyStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresAgentKeyStoreTests : AgentKeyStoreTests<PostgresStorageUnderTest>;

public abstract class AgentKeyStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private IAgentKeyStore Keys => Store<IAgentKeyStore>();

    [Fact]
    public async Task A_key_finds_the_instance_it_was_issued_for_and_an_instance_lists_its_keys_oldest_first()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var other = await InstanceAsync(Engine.Mysql, "n1");
        await Keys.AddAsync("bbbb", instance, T0.AddMinutes(1));
        await Keys.AddAsync("aaaa", instance, T0.AddMinutes(2));
        await Keys.AddAsync("cccc", instance, T0);
        await Keys.AddAsync("dddd", other, T0);

        Assert.Equal(instance, await Keys.FindInstanceAsync("aaaa"));
        Assert.Equal(other, await Keys.FindInstanceAsync("dddd"));
        Assert.Null(await Keys.FindInstanceAsync("eeee"));
        Assert.Equal(
            [new AgentKeyRecord("cccc", instance, T0), new AgentKeyRecord("bbbb", instance, T0.AddMinutes(1)), new AgentKeyRecord("aaaa", instance, T0.AddMinutes(2))],
            await Keys.ListAsync(instance));
    }

    [Fact]
    public async Task A_key_is_revoked_by_the_start_of_its_hash_only_within_its_instance()
    {
        var instance = await InstanceAsync(Engine.Mysql, "n1");
        var other = await InstanceAsync(Engine.Mysql, "n1");
        await Keys.AddAsync("ab12", instance, T0);
        await Keys.AddAsync("ab34", other, T0);

        Assert.False(await Keys.DeleteAsync(instance, "ab3"));
        Assert.True(await Keys.DeleteAsync(instance, "ab1"));
        Assert.False(await Keys.DeleteAsync(instance, "ab1"));

        Assert.Null(await Keys.FindInstanceAsync("ab12"));
        Assert.Equal(other, await Keys.FindInstanceAsync("ab34"));
    }

    [Fact]
    public async Task Deleting_an_instance_revokes_its_keys()
    {
        var instance = await InstanceAsync(Engine.Redis, "n1");
        await Keys.AddAsync("ab12", instance, T0);

        Assert.True(await Store<IRegistryStore>().DeleteInstanceAsync(instance));

        Assert.Null(await Keys.FindInstanceAsync("ab12"));
        Assert.Empty(await Keys.ListAsync(instance));
    }
}
