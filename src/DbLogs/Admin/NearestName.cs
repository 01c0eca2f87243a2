using System.CommandLine.Parsing;

namespace DbLogs.Cli.Admin;

/// <summary>
/// The option or command a mistyped token most likely meant: the closest name within two edits (or a third of the
/// token's length), among what the command where it was typed accepts.
/// </summary>
internal static class NearestName
{
    public static string? For(string token, CommandResult where)
    {
        ArgumentNullException.ThrowIfNull(where);
        var names = Candidates(where).Distinct(StringComparer.Ordinal).ToList();
        var allowed = Math.Max(2, token.Length / 3);
        return names.Select(name => (name, distance: Distance(token, name)))
            .Where(c => c.distance <= allowed)
            .OrderBy(c => c.distance).ThenBy(c => c.name, StringComparer.Ordinal)
            .Select(c => c.name).FirstOrDefault();
    }

    /// <summary>The command's subcommands and options, and the options its parents share with it.</summary>
    private static IEnumerable<string> Candidates(CommandResult where)
    {
        var command = where.Command;
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            yield return sub.Name;
        }

        foreach (var option in command.Options.Where(o => !o.Hidden))
        {
            yield return option.Name;
        }

        for (var parent = where.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive && !o.Hidden))
            {
                yield return option.Name;
            }
        }
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
