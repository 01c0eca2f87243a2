using DbLogs.Collection.Tailing;
using DbLogs.Core.Logs;

namespace DbLogs.Tests.Collection.Tailing;

/// <summary>
/// The shipping loop, played by the test: reads run ahead of answers (several chunks in flight); a request or its
/// answer may be lost, and the chunk is sent again later (meanwhile later chunks of the file may answer 409).
/// Stopping drops what is in flight and saves the checkpoint, as a crash right after a checkpoint write would.
/// </summary>
internal sealed class AgentHarness(string livePath, string checkpointPath, Random random, int maxBytes) : IDisposable
{
    private const int MaxInFlight = 8;

    private readonly ManualClock _clock = new();
    private readonly List<FileChunk> _inFlight = [];
    private SourceTailer? _tailer;

    public FakeSink Sink { get; } = new();

    /// <summary>File ids in the order the tailer first shipped them: the order of the source's byte stream.</summary>
    public List<string> FileOrder { get; } = [];

    public List<SourceGap> Gaps { get; } = [];

    public SourceCheckpoint Checkpoint => _tailer!.Checkpoint;

    public bool Running => _tailer is not null;

    private SourceSpec Spec { get; } = TailFiles.Spec(livePath);

    public void Start()
    {
        var checkpoints = CheckpointFile.Load(checkpointPath);
        _tailer = new SourceTailer(Spec, checkpoints.GetValueOrDefault(Spec.Key), _clock);
        Read();
    }

    public SourceCheckpoint Stop()
    {
        Read();
        foreach (var chunk in _inFlight.Where(_ => random.Next(2) == 0))
        {
            Sink.Send(chunk); // stored, but the answer never arrives
        }

        _inFlight.Clear();
        var checkpoint = _tailer!.Checkpoint;
        Gaps.AddRange(_tailer.TakeGaps());
        CheckpointFile.Save(checkpointPath, new Dictionary<string, SourceCheckpoint> { [Spec.Key] = checkpoint });
        _tailer.Dispose();
        _tailer = null;
        return checkpoint;
    }

    /// <summary>One read; every read scans the directory (the clock moves past the scan interval).</summary>
    public void Read()
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        if (_tailer!.ReadNext(maxBytes) is { } chunk)
        {
            _inFlight.Add(chunk);
            if (!FileOrder.Contains(chunk.FileId))
            {
                FileOrder.Add(chunk.FileId);
            }
        }
    }

    public void Pump(int actions)
    {
        for (var i = 0; i < actions; i++)
        {
            if (_inFlight.Count == 0 || (_inFlight.Count < MaxInFlight && random.Next(3) > 0))
            {
                Read();
            }
            else
            {
                Deliver(reliable: false);
            }
        }
    }

    /// <summary>Delivers everything reliably and reads until nothing is new.</summary>
    public void Drain()
    {
        while (true)
        {
            while (_inFlight.Count > 0)
            {
                Deliver(reliable: true);
            }

            Read();
            if (_inFlight.Count == 0)
            {
                break;
            }
        }

        Gaps.AddRange(_tailer!.TakeGaps());
    }

    public void Dispose() => _tailer?.Dispose();

    private void Deliver(bool reliable)
    {
        var chunk = _inFlight[0];
        _inFlight.RemoveAt(0);
        var fate = reliable ? 9 : random.Next(10);
        if (fate == 0)
        {
            _inFlight.Add(chunk); // the request was lost: sent again later
            return;
        }

        var (accepted, stored) = Sink.Send(chunk);
        if (fate == 1)
        {
            _inFlight.Add(chunk); // the answer was lost: sent again later
            return;
        }

        if (accepted)
        {
            _tailer!.Acknowledge(chunk.FileId, stored);
        }
        else
        {
            _tailer!.Rewind(chunk.FileId, stored);
        }
    }
}
