using System.Globalization;

namespace DbLogs.Collection.Agent;

/// <summary>
/// Whether a source's configured file exists, as the operator view should show it: "missing since …" once it has been
/// absent for <see cref="Settle"/> (a rotation's rename-then-create is not a missing file), cleared when it appears.
/// The first state is always reported, so an error left from an earlier run does not stay.
/// </summary>
internal sealed class SourcePresence
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private DateTimeOffset? _absentSince;
    private bool? _reportedMissing;

    /// <summary>The report due now, if any: <c>Error</c> is the operator's message, or null to clear it.</summary>
    public bool TryGetChange(bool exists, DateTimeOffset now, out string? error)
    {
        error = null;
        if (exists)
        {
            _absentSince = null;
            return _reportedMissing is not false;
        }

        _absentSince ??= now;
        if (now - _absentSince < Settle || _reportedMissing is true)
        {
            return false;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"{_absentSince:O} the file is missing (since {_absentSince:yyyy-MM-dd HH:mm:ss} UTC)");
        return true;
    }

    /// <summary>The change from <see cref="TryGetChange"/> reached the service.</summary>
    public void Reported(bool missing) => _reportedMissing = missing;

    public DateTimeOffset? AbsentSince => _absentSince;
}
