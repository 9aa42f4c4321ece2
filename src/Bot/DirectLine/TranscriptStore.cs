using System.Collections.Concurrent;
using Bot.Protocol;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>An activity as the channel stored it; its sequence number is the watermark clients send back.</summary>
public sealed record StoredActivity(long Sequence, Activity Activity);

/// <summary>
/// Per-conversation transcripts with a time-to-live. In memory by default; the interface is the seam
/// where a shared database goes when several instances serve one site.
/// </summary>
public interface ITranscriptStore
{
    /// <summary>False when the conversation already exists.</summary>
    Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Assigns each activity its id ("{conversation}|0000005") and a strictly increasing timestamp; null when the conversation is unknown.</summary>
    Task<IReadOnlyList<StoredActivity>?> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken);

    /// <summary>Activities after the watermark (-1 for all); null when the conversation is unknown or expired.</summary>
    Task<IReadOnlyList<StoredActivity>?> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation now (a visitor's erasure request), not when its time-to-live runs out.</summary>
    Task RemoveAsync(string conversationId, CancellationToken cancellationToken);
}

public sealed class InMemoryTranscriptStore(IOptions<DirectLineOptions> options, TimeProvider time) : ITranscriptStore
{
    private readonly ConcurrentDictionary<string, Transcript> transcripts = new(StringComparer.Ordinal);
    private readonly TimeSpan timeToLive = options.Value.TranscriptTimeToLive;
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    public Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken)
    {
        SweepIfDue();
        var now = time.GetUtcNow();
        var transcript = transcripts.GetOrAdd(conversationId, _ => new Transcript(now));
        lock (transcript)
        {
            if (transcript.Created)
            {
                return Task.FromResult(false);
            }
            transcript.Created = true;
            transcript.LastUsed = now;
            return Task.FromResult(true);
        }
    }

    public Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(Live(conversationId) is not null);

    public Task<IReadOnlyList<StoredActivity>?> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        if (Live(conversationId) is not { } transcript)
        {
            return Task.FromResult<IReadOnlyList<StoredActivity>?>(null);
        }
        lock (transcript)
        {
            var stored = new List<StoredActivity>(activities.Count);
            foreach (var activity in activities)
            {
                // Web Chat orders by timestamp at millisecond precision, so each one moves on by at least 1 ms.
                var now = time.GetUtcNow();
                var timestamp = now > transcript.LastTimestamp ? now : transcript.LastTimestamp.AddMilliseconds(1);
                transcript.LastTimestamp = timestamp;
                var sequence = transcript.Activities.Count;
                var item = new StoredActivity(sequence, activity with { Id = $"{conversationId}|{sequence:D7}", Timestamp = timestamp });
                transcript.Activities.Add(item);
                stored.Add(item);
            }
            transcript.LastUsed = time.GetUtcNow();
            return Task.FromResult<IReadOnlyList<StoredActivity>?>(stored);
        }
    }

    public Task<IReadOnlyList<StoredActivity>?> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        if (Live(conversationId) is not { } transcript)
        {
            return Task.FromResult<IReadOnlyList<StoredActivity>?>(null);
        }
        lock (transcript)
        {
            var start = (int)Math.Clamp(watermark + 1, 0, transcript.Activities.Count);
            transcript.LastUsed = time.GetUtcNow();
            return Task.FromResult<IReadOnlyList<StoredActivity>?>(transcript.Activities.GetRange(start, transcript.Activities.Count - start));
        }
    }

    public Task RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        transcripts.TryRemove(conversationId, out _);
        return Task.CompletedTask;
    }

    private Transcript? Live(string conversationId)
    {
        if (!transcripts.TryGetValue(conversationId, out var transcript))
        {
            return null;
        }
        lock (transcript)
        {
            if (!transcript.Created)
            {
                return null;
            }
            if (time.GetUtcNow() - transcript.LastUsed <= timeToLive)
            {
                return transcript;
            }
        }
        transcripts.TryRemove(new KeyValuePair<string, Transcript>(conversationId, transcript));
        return null;
    }

    private void SweepIfDue()
    {
        var now = time.GetUtcNow();
        if (now < nextSweep)
        {
            return;
        }
        nextSweep = now + TimeSpan.FromMinutes(5);
        foreach (var id in transcripts.Keys)
        {
            Live(id);
        }
    }

    private sealed class Transcript(DateTimeOffset created)
    {
        public bool Created { get; set; }
        public DateTimeOffset LastUsed { get; set; } = created;
        public DateTimeOffset LastTimestamp { get; set; } = DateTimeOffset.MinValue;
        public List<StoredActivity> Activities { get; } = [];
    }
}
