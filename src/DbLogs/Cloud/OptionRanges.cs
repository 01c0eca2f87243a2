using System.CommandLine;
using System.Globalization;

namespace DbLogs.Cli.Cloud;

/// <summary>
/// The ranges the APIs document for numeric options, checked before anything is sent: a value outside is a usage
/// error (exit code 2) naming the option, not an API error about a query parameter.
/// </summary>
internal static class OptionRanges
{
    public static Option<int> Within(this Option<int> option, int min, int max) =>
        option.Check(value => value >= min && value <= max, $"from {min} to {max}");

    public static Option<int> AtLeast(this Option<int> option, int min) => option.Check(value => value >= min, $"{min} or more");

    public static Option<int> OneOf(this Option<int> option, params int[] values) =>
        option.Check(values.Contains, "one of " + string.Join(", ", values));

    private static Option<int> Check(this Option<int> option, Func<int, bool> allowed, string range)
    {
        option.Validators.Add(result =>
        {
            // A value that is not a number at all is already a parse error of its own.
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) &&
                !allowed(value))
            {
                result.AddError($"{option.Name} must be {range}, not {token.Value}");
            }
        });
        return option;
    }
}
