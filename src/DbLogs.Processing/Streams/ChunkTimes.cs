namespace DbLogs.Processing.Streams;

public static class ChunkTimes
{
    /// <summary>
    /// The earliest and latest record times in <paramref name="data"/>, read line by line with the source's
    /// classifier. Lines without a time belong to the record before, so a chunk of such lines takes
    /// <paramref name="carried"/>, the last time seen before it.
    /// </summary>
    public static (DateTimeOffset? First, DateTimeOffset? Last) Scan(ReadOnlySpan<byte> data, IRecordClassifier classifier, DateTimeOffset? carried)
    {
        DateTimeOffset? first = null, last = null;
        bool? startsWithRecord = null;
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            var line = end < 0 ? data : data[..end];
            var info = classifier.Next(line);
            startsWithRecord ??= info.StartsRecord;
            if (info.Time is { } time)
            {
                first ??= time;
                last = last is null || time > last ? time : last;
            }

            data = end < 0 ? [] : data[(end + 1)..];
        }

        if (first is null)
        {
            return (carried, carried);
        }

        // Continuation lines at the chunk's start belong to a record that began before it.
        return (startsWithRecord == false && carried is { } c && c < first ? c : first, last);
    }
}
