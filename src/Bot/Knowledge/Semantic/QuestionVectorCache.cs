namespace Bot.Knowledge.Semantic;

/// <summary>A small LRU of recent questions' MiniLM vectors, keyed by normalised text (case and spacing ignored).</summary>
public sealed class QuestionVectorCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Vector)> _order = new();
    private readonly Lock _lock = new();

    public float[] GetOrAdd(string question, Func<string, float[]> encode)
    {
        if (capacity <= 0)
        {
            return encode(question);
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
