namespace Bot.Knowledge;

/// <summary>
/// Typo tolerance in microseconds: the index vocabulary's words with one or two letters deleted, so a
/// misspelt query word finds its neighbours by lookup instead of by building a Levenshtein automaton per
/// query (Lucene's FuzzyQuery, which dominated retrieval time and allocations). Same rules as the fuzzy
/// design in retrieval.md §4: 1 edit for words up to 5 letters, 2 beyond; the first letter must match.
/// </summary>
public sealed class TypoMatcher
{
    private const int MaxCandidates = 50;
    private readonly Dictionary<string, List<string>> _byDeletion = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _realWords;

    /// <param name="realWords">Correctly spelt words, never typos of another ("heat" is not "heart"): <see cref="EnglishWords.All"/>.</param>
    public TypoMatcher(IEnumerable<string> vocabulary, IReadOnlySet<string> realWords)
    {
        _realWords = realWords;
        foreach (var word in vocabulary.Where(w => w.Length >= 3).Distinct(StringComparer.Ordinal))
        {
            foreach (var variant in Deletions(word, MaxEdits(word.Length)))
            {
                if (!_byDeletion.TryGetValue(variant, out var words))
                {
                    _byDeletion[variant] = words = [];
                }
                words.Add(word);
            }
        }
    }

    public static int MaxEdits(int length) => length <= 5 ? 1 : 2;

    /// <summary>Vocabulary words within the edit limit of <paramref name="word"/>, with their edit distance; none for a real word.</summary>
    public IReadOnlyList<(string Word, int Distance)> Near(string word)
    {
        if (_realWords.Contains(word))
        {
            return [];
        }
        var maxEdits = MaxEdits(word.Length);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var variant in Deletions(word, maxEdits))
        {
            if (!_byDeletion.TryGetValue(variant, out var words))
            {
                continue;
            }
            foreach (var candidate in words)
            {
                if (found.ContainsKey(candidate) || candidate[0] != word[0])
                {
                    continue;
                }
                var d = Distance(word, candidate, maxEdits);
                if (d <= maxEdits)
                {
                    found[candidate] = d;
                }
            }
        }
        return found.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxCandidates)
            .Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private static HashSet<string> Deletions(string word, int maxEdits)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { word };
        var frontier = new List<string> { word };
        for (var edit = 0; edit < maxEdits; edit++)
        {
            var next = new List<string>();
            foreach (var w in frontier)
            {
                for (var i = 0; i < w.Length && w.Length > 1; i++)
                {
                    var shorter = w.Remove(i, 1);
                    if (result.Add(shorter))
                    {
                        next.Add(shorter);
                    }
                }
            }
            frontier = next;
        }
        return result;
    }

    /// <summary>Optimal string alignment distance (transpositions count once, as in Lucene's fuzzy matching).</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
