namespace Bot.Knowledge.Semantic;

/// <summary>
/// A small LRU of recent questions' MiniLM vectors, keyed by normalised text (case and spacing ignored). Within one
/// turn a text is encoded once even with the LRU off (capacity 0): the crisis detector and retrieval often read the
/// same message.
/// </summary>
public sealed class QuestionVectorCache(int capacity)
{
    // Set at the start of a turn; async methods restore their caller's value, so it ends with the turn.
    private readonly AsyncLocal<Dictionary<string, float[]>?> _thisTurn = new();

    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Vector)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>
    /// Starts the current turn's own memo when the LRU is off (on, it already serves a repeat); call at the top of the
    /// turn's async method.
    /// </summary>
    public void BeginTurn()
    {
        if (capacity <= 0)
        {
            _thisTurn.Value = new Dictionary<string, float[]>(StringComparer.Ordinal);
        }
    }

    public float[] GetOrAdd(string question, Func<string, float[]> encode)
    {
        if (capacity <= 0)
        {
            if (_thisTurn.Value is not { } turn)
            {
                return encode(question);
            }
            // One turn runs on one logical flow at a time, so its memo needs no lock.
            if (!turn.TryGetValue(question, out var memo))
            {
                turn[question] = memo = encode(question);
            }
            return memo;
        }
        var key = Normalize(question);
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Vector;
            }
        }
        var vector = encode(question);
        lock (_lock)
        {
            if (!_map.ContainsKey(key))
            {
                _map[key] = _order.AddFirst((key, vector));
                if (_map.Count > capacity)
                {
                    _map.Remove(_order.Last!.Value.Key);
                    _order.RemoveLast();
                }
            }
        }
        return vector;
    }

    public static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
