using Microsoft.Extensions.Options;

namespace Bot.Conversation;

/// <summary>Everything the bot remembers about one conversation between turns. Saved once per turn.</summary>
public sealed record ConversationState
{
    public bool WelcomeSent { get; init; }

    /// <summary>Consecutive turns the bot could not answer (fallback or an unanswered "did you mean").</summary>
    public int Misses { get; init; }

    public string? LastTopicId { get; init; }

    /// <summary>Entry ids offered in the last "did you mean", so a typed or clicked pick resolves to them.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>Crisis resources were shown in this conversation (an intake completed later is flagged urgent).</summary>
    public bool CrisisShown { get; init; }

    /// <summary>The assessment request being filled in, if any.</summary>
    public Intake.IntakeForm? Intake { get; init; }

    /// <summary>The last request this conversation sent, so a repeated "confirm" shows its reference instead of sending twice.</summary>
    public Intake.IntakeReceipt? LastRequest { get; init; }

    /// <summary>Recent messages of this conversation, bounded: staff see them with a request (see <see cref="Conversation.Transcript"/>).</summary>
    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>How long an idle conversation's state is kept.</summary>
    public TimeSpan StateTimeToLive { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Most conversations the in-memory store keeps; past it the least recently active are forgotten first
    /// (never one in the middle of the assessment form), so a flood of one-message visitors (or a script)
    /// cannot grow memory without bound. A state is about a kilobyte.
    /// </summary>
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Longest visitor message the bot reads; the rest is ignored (the body limit guards the wire).</summary>
    public int MaxTextLength { get; set; } = 2000;

    public string Phone { get; set; } = "+1 (888) 803-3375";
}

/// <summary>Conversation state by conversation id. In memory by default; a shared database can replace it for several instances.</summary>
public interface IConversationStateStore
{
    ValueTask<ConversationState?> GetAsync(string conversationId, CancellationToken cancellationToken);
    ValueTask SetAsync(string conversationId, ConversationState state, CancellationToken cancellationToken);
    ValueTask RemoveAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>
/// Conversation state in memory, bounded two ways: idle conversations expire after the TTL (swept about once a
/// minute, without a timer), and past Conversation:MaxConversations the least recently active are forgotten.
/// The bound is kept with two generations instead of a sort: writes go to the current half; when it holds
/// half the limit it becomes the previous half and the old previous half is dropped whole. A conversation
/// that is active again moves back to the current half. No pause to sort thousands of entries under load.
/// <para>
/// Each state is kept serialized (<see cref="ConversationStateCodec"/>, the bytes a shared store would hold), one
/// array per conversation, in plain dictionaries under a lock. A state kept as objects was about eight small
/// objects (the record, its transcript list and entries, a dictionary node) that all outlived the youngest
/// GC generation; with many new visitors a second, copying and promoting them was most of each collection's pause.
/// </para>
/// </summary>
public sealed class InMemoryConversationStateStore(TimeProvider time, IOptions<ConversationOptions> options) : IConversationStateStore
{
    private readonly record struct Slot(byte[] State, long UpdatedTicks, bool Filling);

    private readonly Lock _lock = new();
    private Dictionary<string, Slot> _current = new(StringComparer.Ordinal);
    private Dictionary<string, Slot> _previous = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    public ValueTask<ConversationState?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        Slot slot;
        bool found;
        lock (_lock)
        {
            found = _current.TryGetValue(conversationId, out slot) || _previous.TryGetValue(conversationId, out slot);
        }
        return ValueTask.FromResult(found && !Expired(slot.UpdatedTicks, time.GetUtcNow().UtcTicks) ? ConversationStateCodec.Decode(slot.State) : null);
    }

    public ValueTask SetAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Encoded outside the lock: the lock only guards the dictionaries.
        var slot = new Slot(ConversationStateCodec.Encode(state with { UpdatedAt = now }), now.UtcTicks, state.Intake is not null);
        var half = Math.Max(1, options.Value.MaxConversations / 2);
        lock (_lock)
        {
            _current[conversationId] = slot;
            _previous.Remove(conversationId);
            if (_current.Count >= half)
            {
                Rotate(now.UtcTicks);
            }
            if (now.UtcTicks - _lastSweepTicks > TimeSpan.TicksPerMinute)
            {
                _lastSweepTicks = now.UtcTicks;
                SweepExpired(now.UtcTicks);
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _current.Remove(conversationId);
            _previous.Remove(conversationId);
        }
        return ValueTask.CompletedTask;
    }

    private void Rotate(long now)
    {
        var dropped = _previous;
        _previous = _current;
        // A visitor in the middle of the assessment form keeps it however many others came since (the TTL
        // still applies): losing a half-filled request is worse than keeping a few hundred bytes.
        foreach (var (id, slot) in dropped)
        {
            if (slot.Filling && !Expired(slot.UpdatedTicks, now))
            {
                _previous.TryAdd(id, slot);
            }
        }
        // The emptied half becomes the new current one, arrays and all: a fresh dictionary of a few thousand
        // entries every rotation was large-object-heap garbage, which brings full collections forward.
        dropped.Clear();
        _current = dropped;
    }

    private void SweepExpired(long now)
    {
        foreach (var generation in (ReadOnlySpan<Dictionary<string, Slot>>)[_current, _previous])
        {
            foreach (var (id, slot) in generation)
            {
                if (Expired(slot.UpdatedTicks, now))
                {
                    generation.Remove(id);
                }
            }
        }
    }

    private bool Expired(long updatedTicks, long now) => now - updatedTicks > options.Value.StateTimeToLive.Ticks;
}

/// <summary>Turns of one conversation run one at a time (a double-click must not race the state).</summary>
public sealed class ConversationLocks
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<IDisposable> AcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(conversationId) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    private sealed class Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
