using DbLogs.Storage.Registry;

namespace DbLogs.Tests.Storage;

public sealed class SqliteTokenStoreTests : TokenStoreTests<SqliteStorageUnderTest>;

public sealed class PostgresTokenStoreTests : TokenStoreTests<PostgresStorageUnderTest>;

public abstract class TokenStoreTests<TStorage> : StoreTests<TStorage> where TStorage : IStorageUnderTest, new()
{
    private ITokenStore Tokens => Store<ITokenStore>();

    [Fact]
    public async Task A_token_is_found_by_its_hash_with_its_project_user_and_expiry()
    {
        var user = await UserAsync();
        var token = new TokenRecord(user.ProjectId, user.Id, T0.AddHours(24));

        Assert.True(await Tokens.AddAsync("hash-1", token));

        Assert.Equal(token, await Tokens.FindAsync("hash-1"));
        Assert.Null(await Tokens.FindAsync("hash-2"));
    }

    [Fact]
    public async Task No_token_is_stored_for_a_deleted_user_or_for_a_project_the_user_is_not_in()
    {
        var user = await UserAsync();
        var other = await UserAsync();
        Assert.True(await Store<IRegistryStore>().DeleteUserAsync(user.ProjectId, user.Name));

        Assert.False(await Tokens.AddAsync("deleted", new TokenRecord(user.ProjectId, user.Id, T0.AddHours(24))));
        Assert.False(await Tokens.AddAsync("elsewhere", new TokenRecord(user.ProjectId, other.Id, T0.AddHours(24))));

        Assert.Null(await Tokens.FindAsync("deleted"));
        Assert.Null(await Tokens.FindAsync("elsewhere"));
    }

    [Fact]
    public async Task Deleting_a_user_revokes_its_tokens()
    {
        var user = await UserAsync();
        await Tokens.AddAsync("hash-1", new TokenRecord(user.ProjectId, user.Id, T0.AddHours(24)));

        await Store<IRegistryStore>().DeleteUserAsync(user.ProjectId, user.Name);

        Assert.Null(await Tokens.FindAsync("hash-1"));
    }

    [Fact]
    public async Task A_revoked_token_is_found_no_more_and_the_users_other_tokens_stay()
    {
        var user = await UserAsync();
        var token = new TokenRecord(user.ProjectId, user.Id, T0.AddHours(24));
        await Tokens.AddAsync("hash-1", token);
        await Tokens.AddAsync("hash-2", token);

        Assert.True(await Tokens.RevokeAsync("hash-1"));
        Assert.False(await Tokens.RevokeAsync("hash-1"));
        Assert.False(await Tokens.RevokeAsync("unknown"));

        Assert.Null(await Tokens.FindAsync("hash-1"));
        Assert.Equal(token, await Tokens.FindAsync("hash-2"));
    }

    private async Task<User> UserAsync()
    {
        var registry = Store<IRegistryStore>();
        var id = Guid.NewGuid().ToString("N");
        await registry.UpsertProjectAsync(new Project("p" + id, "project-" + id, T0));
        var user = new User("u" + id, "p" + id, "user-" + id, "pbkdf2-sha256$x", T0);
        await registry.UpsertUserAsync(user);
        return user;
    }
}
