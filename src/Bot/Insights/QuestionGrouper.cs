using System.Collections.Concurrent;
using Bot.Conversation;
using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Insights;

/// <summary>
/// Decides whether two visitor questions ask the same thing: the sentence model's cosine when semantic retrieval
/// is on and MiniLM has loaded, otherwise the share of content words they have in common.
/// </summary>
public sealed class QuestionGrouper(IOptions<InsightsOptions> options, SemanticModels models, SemanticIndex? semantic = null)
{
    private const int MaxCached = 4096;

    // Group wordings are compared with every new question: encode or split each once.
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _words = new(StringComparer.Ordinal);

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "is", "are", "am", "do", "does", "did", "can", "could", "i", "you", "your", "my", "me", "we", "it",
        "to", "of", "in", "on", "at", "for", "and", "or", "there", "any", "be", "what", "how", "with", "about", "this", "that",
    };

    /// <summary>The group in <paramref name="groups"/> <paramref name="question"/> belongs to, or null for a new one.</summary>
    public string? Match(string question, IReadOnlyList<(string Id, string Question)> groups)
    {
        string? best = null;
        var bestScore = 0.0;
        if (semantic is not null && models.TryGetSentence(out var sentence))
        {
            var vector = Vector(sentence, question);
            foreach (var (id, text) in groups)
            {
                var score = VectorMath.Dot(vector, Vector(sentence, text));
                if (score >= options.Value.SameQuestionCosine && score > bestScore)
                {
                    (best, bestScore) = (id, score);
                }
            }
            return best;
        }
        var words = Words(question);
        foreach (var (id, text) in groups)
        {
            var other = Words(text);
            var common = words.Count(other.Contains);
            var union = words.Count + other.Count - common;
            var score = union == 0 ? 0 : (double)common / union;
            if (score >= options.Value.SameQuestionTerms && score > bestScore)
            {
                (best, bestScore) = (id, score);
            }
        }
        return best;
    }

    private float[] Vector(SentenceEncoder sentence, string text) => Cached(_vectors, text, sentence.Encode);

    private HashSet<string> Words(string text) => Cached(_words, text, Split);

    private static T Cached<T>(ConcurrentDictionary<string, T> cache, string text, Func<string, T> make)
    {
        if (cache.Count > MaxCached)
        {
            cache.Clear();
        }
        return cache.GetOrAdd(text, make);
    }

    private static HashSet<string> Split(string text) =>
        TextNormalizer.ForMatching(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !StopWords.Contains(w)).Select(w => w.Length > 4 && w.EndsWith('s') ? w[..^1] : w).ToHashSet(StringComparer.Ordinal);
}
