using System.Globalization;
using System.Text;
using DbLogs.Collection.Tailing;

namespace DbLogs.Tests.Collection.Tailing;

/// <summary>
/// A model test in the style of Vector's file source: seeded scripts of writes (long lines, partial lines),
/// rotations, compression, copytruncate, delete + recreate and agent restarts with chunks in flight, played on a
/// temp directory. The sink must end up with every line once and in order, except the bytes of files lost while the
/// agent was stopped, which must be reported as gaps of exactly the unacknowledged bytes the agent had seen.
/// </summary>
public class TailerModelTests
{
    private const int Steps = 150;

    public enum Rotation
    {
        Logrotate,
        MariadbAudit,
    }

    public static TheoryData<int, Rotation> Scripts()
    {
        var scripts = new TheoryData<int, Rotation>();
        foreach (var seed in Enumerable.Range(1, 20))
        {
            scripts.Add(seed, Rotation.Logrotate);
            scripts.Add(seed, Rotation.MariadbAudit);
        }

        return scripts;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_sink_holds_every_line_once_in_order_except_reported_losses(int seed, Rotation rotation)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var model = new LogModel(dir.File("app.log"), random);
        using var agent = new AgentHarness(model.LivePath, dir.File("checkpoints.json"), random, maxBytes: random.Next(256, 8192));

        model.RunningCheckpoint = () => agent.Checkpoint;
        for (var step = 0; step < Steps; step++)
        {
            var changed = Play(model, agent, rotation, random);
            if (changed && agent.Running)
            {
                agent.Read(); // the agent looks at least once between two changes while it runs
            }
        }

        if (!agent.Running)
        {
            model.OnStart();
            agent.Start();
        }

        if (model.HasPartial)
        {
            model.CompletePartial();
        }

        agent.Drain();
        AssertSinkMatchesModel(model, agent);
    }

    private enum Step
    {
        Append,
        WritePartial,
        CompletePartial,
        Rotate,
        CopyTruncate,
        DeleteAndRecreate,
        Compress,
        Pump,
        StopOrStart,
    }

    private static Step Pick(Random random, bool hasPartial)
    {
        var roll = random.Next(100);
        if (hasPartial && roll < 56)
        {
            return roll < 28 ? Step.CompletePartial : Step.Pump; // nothing rotates a half-written line
        }

        return roll switch
        {
            < 30 => Step.Append,
            < 34 => Step.WritePartial,
            < 44 => Step.Rotate,
            < 48 => Step.CopyTruncate,
            < 51 => Step.DeleteAndRecreate,
            < 56 => Step.Compress,
            < 90 => Step.Pump,
            _ => Step.StopOrStart,
        };
    }

    /// <returns>Whether the files changed.</returns>
    private static bool Play(LogModel model, AgentHarness agent, Rotation rotation, Random random)
    {
        switch (Pick(random, model.HasPartial))
        {
            case Step.Append:
                model.Append(random.Next(1, 8));
                return true;
            case Step.WritePartial:
                model.WritePartial();
                return true;
            case Step.CompletePartial:
                model.CompletePartial();
                return true;
            case Step.Rotate:
                return rotation == Rotation.Logrotate ? model.RotateLogrotate(compressNow: random.Next(2) == 0) : model.RotateMariadb();
            case Step.CopyTruncate:
                return rotation == Rotation.Logrotate && model.CopyTruncate();
            case Step.DeleteAndRecreate:
                return model.DeleteAndRecreate();
            case Step.Compress when rotation == Rotation.Logrotate:
                model.CompressRotated();
                return true;
            case Step.StopOrStart when agent.Running:
                model.OnStop(agent.Stop(), agent.Sink);
                return false;
            case Step.StopOrStart:
                model.OnStart();
                agent.Start();
                return false;
            default:
                if (agent.Running)
                {
                    agent.Pump(random.Next(1, 30));
                }

                return false;
        }
    }

    private static void AssertSinkMatchesModel(LogModel model, AgentHarness agent)
    {
        var stream = agent.FileOrder.SelectMany(agent.Sink.Stored).ToArray();
        var seen = new List<int>();
        var start = 0;
        while (start < stream.Length)
        {
            var end = Array.IndexOf(stream, (byte)'\n', start);
            Assert.True(end >= 0, "the stream ends in a partial line");
            var line = stream.AsSpan(start, end + 1 - start);
            var seq = int.Parse(Encoding.ASCII.GetString(line[..8]), CultureInfo.InvariantCulture);
            Assert.True(model.Lines.TryGetValue(seq, out var written) && line.SequenceEqual(written), $"line {seq} differs from what was written");
            Assert.True(seen.Count == 0 || seq > seen[^1], $"line {seq} after line {seen.LastOrDefault()}: duplicated or out of order");
            seen.Add(seq);
            start = end + 1;
        }

        var missing = model.Lines.Keys.Except(seen).ToHashSet();
        Assert.Subset(model.Lost.SelectMany(f => f.Lines).ToHashSet(), missing);
        Assert.Equal(model.ExpectedMissingBytes, missing.Sum(seq => (long)model.Lines[seq].Length));
        Assert.Equal(model.ExpectedGapBytes, agent.Gaps.Sum(g => g.Bytes));
        // Each copytruncate is announced with a 0-byte notice (its blind spot cannot be measured); real losses are rotations.
        Assert.All(agent.Gaps, g => Assert.True(g.Reason == GapReasons.RotatedAway || (g.Reason == GapReasons.CopytruncateBlindSpot && g.Bytes == 0)));
    }
}
