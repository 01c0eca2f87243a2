using System.Text;

namespace DbLogs.Cli.Admin;

/// <summary>Reads a secret from the terminal without echoing it; the prompt goes to standard error.</summary>
internal static class ConsoleSecretPrompt
{
    public static string? Read(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }

        try
        {
            Console.Error.Write(prompt);
            var secret = new StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    secret.Length = Math.Max(0, secret.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    secret.Append(key.KeyChar);
                }
            }

            Console.Error.WriteLine();
            return secret.ToString();
        }
        catch (InvalidOperationException)
        {
            // No console to read keys from after all.
            return null;
        }
    }
}
