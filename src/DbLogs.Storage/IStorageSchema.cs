namespace DbLogs.Storage;

/// <summary>The metadata store's schema, brought up to date before the server accepts requests.</summary>
public interface IStorageSchema
{
    /// <summary>Applies the migrations the store has not seen yet; a no-op on an up-to-date store.</summary>
    Task MigrateAsync(CancellationToken ct = default);
}
