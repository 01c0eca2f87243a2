namespace DbLogs.Processing.MariadbAudit;

/// <summary>
/// The class (DDL, DML, DCL) of a QUERY record's statement by its leading words, and of a table event by its operation,
/// the way server_audit's QUERY_DDL, QUERY_DML and QUERY_DCL events group statements.
/// </summary>
public static class AuditStatementClass
{
    public const string Ddl = "DDL";
    public const string Dml = "DML";
    public const string Dcl = "DCL";

    public static IReadOnlyList<string> All { get; } = [Ddl, Dml, Dcl];

    public static string? OfOperation(string operation) => operation switch
    {
        "CREATE" or "ALTER" or "DROP" or "RENAME" => Ddl,
        "READ" or "WRITE" => Dml,
        _ => null,
    };

    public static string? OfStatement(string statement)
    {
        var words = LeadingWords(statement);
        var first = words.Count > 0 ? words[0] : string.Empty;
        var second = words.Count > 1 ? words[1] : string.Empty;
        return first switch
        {
            "GRANT" or "REVOKE" => Dcl,
            "SET" when second == "PASSWORD" => Dcl,
            "CREATE" or "ALTER" or "DROP" or "RENAME" when second is "USER" or "ROLE" => Dcl,
            "CREATE" or "ALTER" or "DROP" or "RENAME" or "TRUNCATE" => Ddl,
            "SELECT" or "INSERT" or "UPDATE" or "DELETE" or "REPLACE" or "WITH" => Dml,
            _ => null,
        };
    }

    /// <summary>The first two words in upper case, past white space, comments and opening parentheses.</summary>
    private static List<string> LeadingWords(string statement)
    {
        var words = new List<string>(2);
        var i = 0;
        while (words.Count < 2 && i < statement.Length)
        {
            var c = statement[i];
            if (char.IsWhiteSpace(c) || c == '(')
            {
                i++;
            }
            else if (c == '/' && i + 1 < statement.Length && statement[i + 1] == '*')
            {
                var end = statement.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? statement.Length : end + 2;
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < statement.Length && char.IsAsciiLetter(statement[i]))
                {
                    i++;
                }

                words.Add(statement[start..i].ToUpperInvariant());
            }
            else
            {
                break;
            }
        }

        return words;
    }
}
