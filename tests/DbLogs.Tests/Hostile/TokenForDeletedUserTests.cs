using DbLogs.Server.Auth.Tokens;
using DbLogs.Storage.Registry;
using DbLogs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DbLogs.Tests.Hostile;

public class TokenForDeletedUserTests
{
    [Fact]
    public async Task A_user_deleted_after_its_password_was_checked_gets_no_token_and_no_failure()
    {
        await using var app = await TestApp.StartAsync();
        var project = await app.CreateProjectAsync();
        var store = app.Services.GetRequiredService<IRegistryStore>();
        var user = await store.GetUserAsync(project.Id, project.UserName);
        Assert.NotNull(user);

        // The moment between the password check and the insert: the user is gone.
        Assert.True(await store.DeleteUserAsync(project.Id, project.UserName));
        var issued = await app.Services.GetRequiredService<TokenService>().IssueAsync(user, CancellationToken.None);

        Assert.Null(issued);
        Assert.Empty(await store.ListUsersAsync(project.Id));

        // The same call for a user that still exists does issue: the null above is the deletion's doing.
        var other = await app.CreateProjectAsync("other");
        var live = await store.GetUserAsync(other.Id, other.UserName);
        Assert.NotNull(await app.Services.GetRequiredService<TokenService>().IssueAsync(live!, CancellationToken.None));
    }
}
