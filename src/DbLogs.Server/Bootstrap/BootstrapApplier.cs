using DbLogs.Core.Configuration;
using DbLogs.Server.Admin;

namespace DbLogs.Server.Bootstrap;

/// <summary>Creates or updates what a bootstrap file declares; objects the file does not name are left alone.</summary>
public sealed class BootstrapApplier(RegistryService registry)
{
    /// <summary>Returns the number of objects created or changed (0 when the store already matched the file).</summary>
    public async Task<int> ApplyAsync(BootstrapFile file, CancellationToken ct)
    {
        var changes = 0;
        for (var p = 0; p < file.Projects.Count; p++)
        {
            var spec = file.Projects[p];
            var path = $"projects[{p}]";
            var (project, changed) = await Conflicts($"{path}.name", () => registry.EnsureProjectAsync(spec.Id, spec.Name, ct));
            changes += changed ? 1 : 0;
            for (var i = 0; i < spec.AccessKeys.Count; i++)
            {
                var key = spec.AccessKeys[i];
                changes += await Conflicts($"{path}.access_keys[{i}].ak", () => registry.EnsureAccessKeyAsync(project.Id, key.Ak, key.Sk, ct)) ? 1 : 0;
            }

            foreach (var user in spec.Users)
            {
                changes += (await registry.EnsureUserAsync(project.Id, user.Name, user.Password, ct)).Changed ? 1 : 0;
            }

            for (var i = 0; i < spec.Instances.Count; i++)
            {
                var instance = spec.Instances[i];
                changes += (await Conflicts($"{path}.instances[{i}].id", () => registry.EnsureInstanceAsync(project.Id, instance, ct))).Changed ? 1 : 0;
            }
        }

        return changes;
    }

    private static async Task<T> Conflicts<T>(string keyPath, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (RegistryConflictException ex)
        {
            throw new ConfigValidationException(keyPath, ex.Message);
        }
    }
}
