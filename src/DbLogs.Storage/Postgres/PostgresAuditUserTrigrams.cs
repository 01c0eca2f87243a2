namespace DbLogs.Storage.Postgres;

/// <summary>
/// A keyword index per user, for a search by user and keyword: each record as the hashes of its user joined to each trigram
/// of its query text that is three letters or digits of ASCII (<c>audit_user_trigrams</c>, pg_trgm's own words and
/// lower-casing, in a GIN index). A user's lists are as long as that user's records, where pg_trgm's span all users: at
/// 10 million records, intersecting those for a table name took 160–500 ms, intersecting a user's a few. A record holding a
/// keyword holds every such trigram of the keyword's (three letters or digits side by side lie inside one word of the text
/// too); a hash may collide, so the caller rechecks the text and the user of each candidate.
/// </summary>
internal static class PostgresAuditUserTrigrams
{
    public const string Sql =
        """
        CREATE FUNCTION audit_user_trigrams(u text, q text) RETURNS int[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
            SELECT ARRAY(SELECT pg_catalog.hashtext(u || t) FROM pg_catalog.unnest(show_trgm(q)) AS t
                         WHERE pg_catalog.length(t) = 3 AND pg_catalog.strpos(t, ' ') = 0)
        $$;
        CREATE INDEX audit_records_user_trigrams ON audit_records USING gin (audit_user_trigrams("user", query));
        """;

    /// <summary>
    /// Whether a keyword has a trigram this index knows (three ASCII letters or digits side by side), so that
    /// <see cref="Candidate"/> narrows anything.
    /// </summary>
    public static bool Knows(string keyword)
    {
        var run = 0;
        foreach (var c in keyword)
        {
            run = char.IsAsciiLetterOrDigit(c) ? run + 1 : 0;
            if (run == 3)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The condition that a record of user <c>@user</c> may hold the keyword in <paramref name="keywordParameter"/> (as written, not a LIKE pattern).</summary>
    public static string Candidate(string keywordParameter) =>
        $"""audit_user_trigrams(r."user", r.query) @> audit_user_trigrams(@user, @{keywordParameter})""";
}
