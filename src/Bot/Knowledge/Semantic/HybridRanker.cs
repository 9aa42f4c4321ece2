using Bot.Telemetry;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// Fuses Lucene with cosine similarity (retrieval.md §9, §9.1): score = wL · s/(s+c) + wC · cosine, where s is
/// Lucene's raw score and the cosine is the best over an entry's title and phrasings. Every question takes the
/// cheap path (static table); when its top-1 margin is small, MiniLM re-scores it. Decline entries are ordinary
/// entries here: when one tops the ranking, the decision rule declines.
/// </summary>
public sealed class HybridRanker(KnowledgeIndex index, SemanticIndex semantic, SemanticModels models, QuestionVectorCache cache, IOptionsMonitor<RetrievalOptions> options, BotMetrics metrics)
{
    private const int Keep = 5;

    /// <summary>The entries' vectors are built (the static table with them).</summary>
    public bool IsReady => semantic.IsReady;

    public RetrievalTrace Rank(string question, RetrievalMode mode)
    {
        var o = options.CurrentValue.Semantic;
        var entries = semantic.Entries;
        var lucene = index.Search(question, Math.Max(entries.Count, Keep));
        if (mode == RetrievalMode.Lucene)
        {
            var ranked = lucene.Hits.Take(Keep).Select(h => new RankedEntry(h.Entry, h.Score, h.Score, Squash(h.Score, o), 0)).ToArray();
            return new RetrievalTrace(new SearchResult(lucene.Hits.Take(Keep).ToArray(), lucene.Vague), ranked, mode, false, lucene.Margin);
        }
        if (entries.Count == 0 || string.IsNullOrWhiteSpace(question))
        {
            return new RetrievalTrace(lucene, [], mode, false, 0);
        }

        var raw = lucene.Hits.ToDictionary(h => h.Entry.Id, h => h.Score, StringComparer.Ordinal);
        // Sentence mode (eval) waits for MiniLM; a visitor's turn in the first moments after a start does not.
        var sentence = mode == RetrievalMode.Sentence ? models.Sentence : models.TryGetSentence(out var loaded) ? loaded : null;
        if (lucene.Vague)
        {
            if (sentence is null)
            {
                return new RetrievalTrace(lucene, [], mode, false, 0);
            }
            // Only generic words ("will I be out of it?"): Lucene has nothing to say, but the meaning may be clear.
            var vector = SentenceVector(question, sentence);
            CountEscalation(mode, vague: true);
            var fused = Fuse(entries, raw, vector, sentence: true, o);
            return fused[0].Cosine >= o.VagueMinCosine
                ? Trace(fused, mode, escalated: true, cheapMargin: 0)
                : new RetrievalTrace(lucene, fused.Take(Keep).ToArray(), mode, true, 0);
        }

        if (mode == RetrievalMode.Sentence)
        {
            return Trace(Fuse(entries, raw, SentenceVector(question, sentence!), sentence: true, o), mode, true, 0);
        }
        var cheap = Fuse(entries, raw, models.Static.EncodeMessage(question), sentence: false, o);
        var margin = cheap.Count > 1 ? cheap[0].Score - cheap[1].Score : 1;
        if (mode == RetrievalMode.Static || margin >= o.EscalationMargin || sentence is null)
        {
            return Trace(cheap, mode, false, margin);
        }
        CountEscalation(mode, vague: false);
        return Trace(Fuse(entries, raw, SentenceVector(question, sentence), sentence: true, o), mode, true, margin);
    }

    /// <summary>Only the cascade a visitor's question takes; `eval` in sentence mode re-scores everything by design.</summary>
    private void CountEscalation(RetrievalMode mode, bool vague)
    {
        if (mode == RetrievalMode.Cascade)
        {
            metrics.Escalated(vague);
        }
    }

    private float[] SentenceVector(string question, SentenceEncoder sentence) => cache.GetOrAdd(question, sentence.Encode);

    private static double Squash(double s, SemanticOptions o) => s <= 0 ? 0 : s / (s + o.SquashConstant);

    private static List<RankedEntry> Fuse(IReadOnlyList<EntryVectors> entries, Dictionary<string, double> raw, float[] question, bool sentence, SemanticOptions o)
    {
        var ranked = new List<RankedEntry>(entries.Count);
        foreach (var e in entries)
        {
            var best = 0f;
            foreach (var p in sentence ? e.SentencePhrasings : e.StaticPhrasings)
            {
                best = Math.Max(best, VectorMath.Dot(question, p));
            }
            var answer = VectorMath.Dot(question, sentence ? e.SentenceAnswer : e.StaticAnswer);
            var cosine = (1 - o.AnswerTextWeight) * best + o.AnswerTextWeight * answer;
            var s = raw.GetValueOrDefault(e.Entry.Id);
            var squashed = Squash(s, o);
            ranked.Add(new RankedEntry(e.Entry, o.LuceneWeight * squashed + o.CosineWeight * cosine, s, squashed, cosine));
        }
        // Ties broken by id so the same question always gets the same answer.
        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Entry.Id, b.Entry.Id));
        return ranked;
    }

    private static RetrievalTrace Trace(List<RankedEntry> ranked, RetrievalMode mode, bool escalated, double cheapMargin)
    {
        var top = ranked.Take(Keep).ToArray();
        // The two rankers on their own each put the fused winner first: the strongest sign the answer is right.
        var agree = false;
        if (ranked.Count > 0)
        {
            var (byLucene, byCosine) = (ranked[0], ranked[0]);
            foreach (var r in ranked)
            {
                byLucene = r.Lucene > byLucene.Lucene ? r : byLucene;
                byCosine = r.Cosine > byCosine.Cosine ? r : byCosine;
            }
            agree = byLucene.Lucene > 0 && byLucene.Entry == ranked[0].Entry && byCosine.Entry == ranked[0].Entry;
        }
        var result = new SearchResult(top.Select(r => new KnowledgeHit(r.Entry, r.Score)).ToArray(), Vague: false, RankersAgree: agree);
        return new RetrievalTrace(result, top, mode, escalated, cheapMargin);
    }
}
