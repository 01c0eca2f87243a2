namespace DbLogs.Processing.Streams;

/// <summary>
/// The sources whose streams grew since the <see cref="SegmentCompactor"/> last looked. Apart from the compactor so that
/// the follower that fills it (<see cref="SegmentCompactionTrigger"/>) and the compactor, which reads the followers'
/// cursors, do not depend on each other.
/// </summary>
public sealed class GrownStreams : PendingSources;
