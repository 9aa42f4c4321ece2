using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Bot.Conversation;

/// <summary>
/// Conversation state in memory, bounded two ways: idle conversations expire after the TTL (swept about once a
/// minute, without a timer), and past Conversation:MaxConversations the least recently active are forgotten.
/// The bound is kept with two generations instead of a sort: writes go to the current half; when it holds
/// half the limit it becomes the previous half and the old previous half is dropped whole. A conversation
/// that is active again moves back to the current half. No pause to sort thousands of entries under load.
/// <para>
/// Each state is kept serialized (<see cref="ConversationStateCodec"/>, the bytes a shared store would hold) in
/// native memory, filed under a 64-bit hash of the conversation id; the id is stored with the state and checked
/// on every read. So the garbage collector never sees a visitor's state. Kept on the managed heap, every new
/// visitor's id and state outlived the youngest generation, were copied into the next and then into the oldest
/// (they live for seconds to hours), which then needed background collections: under a flood of one-message
/// visitors (bench/) that was 40 full background collections in 30 s and p99 3.2–3.7 ms; a build keeping no state
/// at all had 3 and 2.35–2.5 ms in the same sitting.
/// </para>
/// </summary>
public sealed unsafe class InMemoryConversationStateStore(TimeProvider time, IOptions<ConversationOptions> options)
    : IConversationStateStore, IDisposable
{
    /// <summary>A state's place: <see cref="Blob"/> holds the id's length, the id (UTF-16) and the state's JSON.</summary>
    private readonly record struct Slot(nint Blob, int Length, long UpdatedTicks, bool Filling);

    private readonly Lock _lock = new();
    // Seeded per process, so nobody can pick conversation ids that collide.
    private readonly ulong _seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private Dictionary<ulong, Slot> _current = [];
    private Dictionary<ulong, Slot> _previous = [];
    private readonly List<(ulong Key, Slot Slot)> _carried = [];
    private long _lastSweepTicks;
    private bool _disposed;

    // GetAsync never waits, so its result is there at once.
    public ValueTask<ConversationStateTurn> BeginTurnAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ConversationStateTurn>(new MemoryTurn(this, conversationId, GetAsync(conversationId, cancellationToken).Result));

    // The in-process ConversationLocks already keep a conversation's turns apart: nothing more to hold.
    private sealed class MemoryTurn(InMemoryConversationStateStore store, string conversationId, ConversationState? state) : ConversationStateTurn
    {
        public override ConversationState? State => state;

        public override ValueTask SaveAsync(ConversationState state, CancellationToken cancellationToken) =>
            store.SetAsync(conversationId, state, cancellationToken);
    }

    public ValueTask<ConversationState?> GetAsync(string conversationId, CancellationToken cancellationToken)
    {
        var key = Key(conversationId);
        var now = time.GetUtcNow().UtcTicks;
        byte[]? json = null;
        var length = 0;
        lock (_lock)
        {
            if (!_disposed && (_current.TryGetValue(key, out var slot) || _previous.TryGetValue(key, out slot))
                && !Expired(slot.UpdatedTicks, now) && StateOf(slot, conversationId) is var state && state.Length > 0)
            {
                // Copied out under the lock (a write may free the blob the moment it is released), decoded after.
                json = ArrayPool<byte>.Shared.Rent(state.Length);
                state.CopyTo(json);
                length = state.Length;
            }
        }
        if (json is null)
        {
            return ValueTask.FromResult<ConversationState?>(null);
        }
        try
        {
            return ValueTask.FromResult<ConversationState?>(ConversationStateCodec.Decode(json.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }

    public ValueTask SetAsync(string conversationId, ConversationState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Encoded and copied outside the lock: the lock only guards the dictionaries.
        var json = ConversationStateCodec.Encode(state with { UpdatedAt = now });
        var slot = Store(conversationId, json, now.UtcTicks, state.Intake is not null);
        var key = Key(conversationId);
        var half = Math.Max(1, options.Value.MaxConversations / 2);
        lock (_lock)
        {
            if (_disposed)
            {
                Free(slot);
                return ValueTask.CompletedTask;
            }
            if (_current.Remove(key, out var old) || _previous.Remove(key, out old))
            {
                Free(old);
            }
            _current[key] = slot;
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
        var key = Key(conversationId);
        lock (_lock)
        {
            if (_current.Remove(key, out var slot) || _previous.Remove(key, out slot))
            {
                Free(slot);
            }
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var generation in (ReadOnlySpan<Dictionary<ulong, Slot>>)[_current, _previous])
            {
                foreach (var slot in generation.Values)
                {
                    Free(slot);
                }
                generation.Clear();
            }
        }
    }

    private ulong Key(string conversationId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(conversationId.AsSpan()), (long)_seed);

    private static Slot Store(string conversationId, byte[] json, long updatedTicks, bool filling)
    {
        var id = MemoryMarshal.AsBytes(conversationId.AsSpan());
        var length = sizeof(int) + id.Length + json.Length;
        var blob = (byte*)NativeMemory.Alloc((nuint)length);
        var bytes = new Span<byte>(blob, length);
        MemoryMarshal.Write(bytes, id.Length);
        id.CopyTo(bytes[sizeof(int)..]);
        json.CopyTo(bytes[(sizeof(int) + id.Length)..]);
        return new Slot((nint)blob, length, updatedTicks, filling);
    }

    /// <summary>The state's JSON, or nothing if the blob belongs to another conversation whose id hashed alike.</summary>
    private static ReadOnlySpan<byte> StateOf(Slot slot, string conversationId)
    {
        var bytes = new ReadOnlySpan<byte>((void*)slot.Blob, slot.Length);
        var idLength = MemoryMarshal.Read<int>(bytes);
        var id = bytes.Slice(sizeof(int), idLength);
        return id.SequenceEqual(MemoryMarshal.AsBytes(conversationId.AsSpan())) ? bytes[(sizeof(int) + idLength)..] : default;
    }

    private static void Free(Slot slot) => NativeMemory.Free((void*)slot.Blob);

    private void Rotate(long now)
    {
        var dropped = _previous;
        _previous = _current;
        // A visitor in the middle of the assessment form keeps it however many others came since (the TTL still
        // applies): losing a half-filled request is worse than keeping a few hundred bytes. But only up to half the
        // limit, the most recently active first: a script starting forms by the thousand must not grow memory for
        // the whole TTL (the soak grew 5-9 MB a minute this way).
        var half = Math.Max(1, options.Value.MaxConversations / 2);
        _carried.Clear();
        foreach (var (key, slot) in dropped)
        {
            if (slot.Filling && !Expired(slot.UpdatedTicks, now) && !_previous.ContainsKey(key))
            {
                _carried.Add((key, slot));
                continue;
            }
            Free(slot);
        }
        if (_carried.Count > half)
        {
            _carried.Sort((a, b) => b.Slot.UpdatedTicks.CompareTo(a.Slot.UpdatedTicks));
            foreach (var (_, slot) in _carried[half..])
            {
                Free(slot);
            }
            _carried.RemoveRange(half, _carried.Count - half);
        }
        foreach (var (key, slot) in _carried)
        {
            _previous.Add(key, slot);
        }
        _carried.Clear();
        // The emptied half becomes the new current one, arrays and all: a fresh dictionary of a few thousand
        // entries every rotation was large-object-heap garbage, which brings full collections forward.
        dropped.Clear();
        _current = dropped;
    }

    private void SweepExpired(long now)
    {
        foreach (var generation in (ReadOnlySpan<Dictionary<ulong, Slot>>)[_current, _previous])
        {
            foreach (var (key, slot) in generation)
            {
                if (Expired(slot.UpdatedTicks, now))
                {
                    generation.Remove(key);
                    Free(slot);
                }
            }
        }
    }

    private bool Expired(long updatedTicks, long now) => now - updatedTicks > options.Value.StateTimeToLive.Ticks;
}
