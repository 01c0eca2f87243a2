namespace DbLogs.Core.Configuration;

/// <summary>
/// Collects the validation errors of independent parts of a file (each project, user, instance), so a reader reports
/// every one of them instead of only the first.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigValidationException> _errors = [];

    /// <summary>Reads one part; a validation error is kept and the part is left out (default).</summary>
    public T? Try<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (ConfigValidationException ex)
        {
            _errors.Add(ex);
            return default;
        }
    }

    /// <summary>Throws every error collected so far as one exception.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw ConfigValidationException.Of(_errors);
        }
    }
}
