namespace Bot.Knowledge;

/// <summary>
/// Splits words typed without their spaces ("whatdoes", "sideeffects", "isit habitforming") into known words, so
/// each can match on its own. Only a word that is not itself a known word is split, into the fewest known parts.
/// </summary>
public static class RunTogetherWords
{
    private const int MinLength = 4, MaxParts = 4;
    private static readonly char[] Punctuation = ['?', '!', '.', ',', ';', ':', '"', '(', ')'];

    // EnglishWords holds words of four letters and more; these are the short ones questions are made of.
    private static readonly HashSet<string> Short = new(StringComparer.Ordinal)
    {
        "a", "i", "im", "is", "it", "its", "do", "does", "did", "how", "what", "whats", "when", "why", "who", "can", "will", "the",
        "to", "of", "in", "on", "at", "be", "my", "me", "you", "u", "ur", "any", "get", "go", "so", "if", "or", "and", "for", "are",
        "am", "an", "up", "out", "off", "all", "too", "hows", "has", "had", "was", "not", "no", "yes", "use", "iv", "k",
        "ok", "day", "one", "two", "way", "end", "new", "old", "per", "eat", "see", "say", "feel", "like", "side", "long", "much",
        "many", "safe", "work", "take", "make", "last", "help", "pain", "cost", "risk", "well", "from", "with", "your", "that",
        "this", "then", "them", "they", "there", "after", "start", "finish", "right", "done",
    };

    public static string Apply(string question)
    {
        if (!question.AsSpan().ContainsAnyInRange('a', 'z') || question.Length > 300)
        {
            return question;
        }
        var words = question.Split(' ');
        var changed = false;
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].Trim(Punctuation).ToLowerInvariant();
            if (word.Length < MinLength || !word.All(char.IsAsciiLetterLower) || IsKnown(word))
            {
                continue;
            }
            if (Split(word) is { } parts)
            {
                words[i] = string.Join(' ', parts);
                changed = true;
            }
        }
        return changed ? string.Join(' ', words) : question;
    }

    /// <summary>A common English word, short or long (lower case).</summary>
    public static bool IsKnown(string word) => Short.Contains(word) || EnglishWords.All.Contains(word);

    /// <summary>The split into the fewest known words (dynamic programming over prefixes), or null.</summary>
    private static string[]? Split(string word)
    {
        var best = new int[word.Length + 1];
        var from = new int[word.Length + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= word.Length; end++)
        {
            for (var start = Math.Max(0, end - 20); start < end; start++)
            {
                if (best[start] != int.MaxValue && best[start] + 1 < best[end] && IsKnown(word[start..end]) && (end - start > 1 || (word[start] is 'a' or 'i' or 'u' or 'k' && word.Length > MinLength)))
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }
        if (best[word.Length] is < 2 or > MaxParts)
        {
            return null;
        }
        var parts = new List<string>();
        for (var end = word.Length; end > 0; end = from[end])
        {
            parts.Insert(0, word[from[end]..end]);
        }
        return [.. parts];
    }
}
