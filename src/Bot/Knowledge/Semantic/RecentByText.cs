namespace Bot.Knowledge.Semantic;

/// <summary>
/// The results for the last few texts, so work that several parts of one turn ask for with the same text is done
/// once; a small ring searched in order, since a turn's texts are few and recent.
/// </summary>
public sealed class RecentByText<T>(int size = 16)
{
    private readonly (string? Text, T Value)[] _recent = new (string?, T)[size];
    private readonly Lock _lock = new();
    private int _next;

    public T GetOrAdd(string text, Func<string, T> compute)
    {
        lock (_lock)
        {
            foreach (var (t, value) in _recent)
            {
                if (string.Equals(t, text, StringComparison.Ordinal))
                {
                    return value;
                }
            }
        }
        // Computed outside the lock: two turns with the same new text may both compute it, which costs less than waiting.
        var computed = compute(text);
        lock (_lock)
        {
            _recent[_next] = (text, computed);
            _next = (_next + 1) % _recent.Length;
        }
        return computed;
    }
}
