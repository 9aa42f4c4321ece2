using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Bot.Knowledge;

/// <summary>
/// Lucene's own scores for the queries <see cref="KnowledgeIndex"/> builds (a disjunction of per-position
/// disjunctions of term clauses), added up over the postings its searcher cached. Lucene 4.8's disjunction scorer
/// pays a heap operation and a few virtual calls per posting per clause; on a large base a common word's postings run
/// to tens of thousands of documents, so a long question took tens of milliseconds. Here each posting is a multiply
/// and an add into the document's slot: one array for the query's position being summed, one for the whole query.
/// The arithmetic is Lucene's, in the same precision (TermWeight's normalisation, TFIDFSimScorer's
/// <c>tf * weight * norm</c>, DisjunctionSumScorer's double sum made a float, times coord), so the scores are
/// the same to the last bit (tested). Only for a single-segment index whose known terms are all
/// <see cref="CachedTermQuery"/>; any other query shape answers null and is left to Lucene.
/// </summary>
internal sealed class TermAtATimeScorer
{
    private readonly IndexSearcher _searcher;
    private readonly TFIDFSimilarity _similarity;
    private readonly Dictionary<string, float[]> _norms = new(StringComparer.Ordinal);
    private readonly float[] _tf = new float[64];
    private readonly float[] _ones;
    private readonly int _maxDoc;

    [ThreadStatic]
    private static (Sums Query, Sums Position)? t_sums;

    public TermAtATimeScorer(IndexSearcher searcher, AtomicReader reader, IEnumerable<string> fields)
    {
        _searcher = searcher;
        _similarity = (TFIDFSimilarity)searcher.Similarity;
        _maxDoc = reader.MaxDoc;
        _ones = new float[_maxDoc];
        Array.Fill(_ones, 1f);
        for (var freq = 0; freq < _tf.Length; freq++)
        {
            _tf[freq] = _similarity.Tf(freq);
        }
        foreach (var field in fields)
        {
            if (reader.GetNormValues(field) is { } norms)
            {
                var decoded = new float[_maxDoc];
                for (var doc = 0; doc < _maxDoc; doc++)
                {
                    decoded[doc] = _similarity.DecodeNormValue(norms.Get(doc));
                }
                _norms[field] = decoded;
            }
        }
    }

    /// <summary>The top <paramref name="max"/> documents, best first, ties to the lower document (as Lucene's collector).</summary>
    public ScoreDoc[]? Search(Query query, int max)
    {
        var rewritten = _searcher.Rewrite(query);
        var top = rewritten as BooleanQuery;
        if (!IsTerm(rewritten) && !(top is not null && IsDisjunction(top) && top.Clauses.All(c => IsTerm(c.Query) || IsDisjunctionOfTerms(c.Query))))
        {
            return null;
        }
        // IndexSearcher.CreateNormalizedWeight: one query norm from the sum of squared weights.
        var norm = _similarity.QueryNorm(ValueForNormalization(rewritten));
        if (float.IsInfinity(norm) || float.IsNaN(norm))
        {
            norm = 1f;
        }
        var best = new TopDocuments(max);
        if (top is null)
        {
            var term = Weigh(rewritten, norm, topLevelBoost: 1f);
            for (var i = 0; i < term.Docs.Length; i++)
            {
                best.Offer(term.Docs[i], term.ScoreAt(i));
            }
            return best.ToArray();
        }

        var (sums, positionSums) = RentSums(dense: top.Clauses.Sum(c => Postings(c.Query)) > _maxDoc / 4);
        foreach (var clause in top.Clauses)
        {
            if (clause.Query is BooleanQuery nested)
            {
                foreach (var inner in nested.Clauses)
                {
                    positionSums.Add(Weigh(inner.Query, norm, top.Boost * nested.Boost));
                }
                positionSums.DrainInto(sums, Coords(nested));
            }
            else
            {
                sums.Add(Weigh(clause.Query, norm, top.Boost));
            }
        }
        sums.DrainInto(best, Coords(top));
        t_sums = (sums, positionSums);
        return best.ToArray();
    }

    private static bool IsTerm(Query query) => query is CachedTermQuery or TermQuery;

    private static bool IsDisjunction(BooleanQuery boolean) =>
        boolean.MinimumNumberShouldMatch == 0 && boolean.Clauses.All(c => c.Occur == Occur.SHOULD);

    private static bool IsDisjunctionOfTerms(Query query) =>
        query is BooleanQuery boolean && IsDisjunction(boolean) && boolean.Clauses.All(c => IsTerm(c.Query));

    private static int Postings(Query query) => query switch
    {
        CachedTermQuery term => term.Postings.Docs.Length,
        BooleanQuery boolean => boolean.Clauses.Sum(c => Postings(c.Query)),
        _ => 0,
    };

    /// <summary>A term clause with its weight worked out as IDFStats.Normalize does; a word the index lacks has no postings.</summary>
    private WeighedTerm Weigh(Query query, float norm, float topLevelBoost)
    {
        if (query is not CachedTermQuery term)
        {
            return new WeighedTerm([], [], 0, [], _tf, _similarity);
        }
        var idf = Idf(term);
        var queryWeight = idf * term.Boost;
        queryWeight *= norm * topLevelBoost;
        return new WeighedTerm(term.Postings.Docs, term.Postings.Freqs, queryWeight * idf, _norms.GetValueOrDefault(term.Term.Field) ?? _ones, _tf, _similarity);
    }

    /// <summary>A term's postings with its normalised weight; a field without norms has norms of 1 (an exact multiply).</summary>
    private readonly record struct WeighedTerm(int[] Docs, int[] Freqs, float Value, float[] Norms, float[] Tf, TFIDFSimilarity Similarity)
    {
        /// <summary>TFIDFSimScorer.Score for the i-th posting.</summary>
        public float ScoreAt(int i)
        {
            var freq = Freqs[i];
            return (freq < Tf.Length ? Tf[freq] : Similarity.Tf(freq)) * Value * Norms[Docs[i]];
        }
    }

    // BooleanWeight.GetValueForNormalization and IDFStats.GetValueForNormalization, in float as there.
    private float ValueForNormalization(Query query)
    {
        if (query is BooleanQuery boolean)
        {
            var sum = 0f;
            foreach (var clause in boolean.Clauses)
            {
                sum += ValueForNormalization(clause.Query);
            }
            sum *= boolean.Boost * boolean.Boost;
            return sum;
        }
        var queryWeight = Idf(query) * query.Boost;
        return queryWeight * queryWeight;
    }

    private float Idf(Query term)
    {
        var (field, statistics) = term switch
        {
            CachedTermQuery cached => (cached.Term.Field, cached.Statistics),
            // A plain TermQuery here is a word the index lacks: it matches nothing but counts in the query norm.
            TermQuery plain => (plain.Term.Field, new TermStatistics(plain.Term.Bytes, 0, 0)),
            _ => throw new ArgumentException("not a term query", nameof(term)),
        };
        return _similarity.IdfExplain(_searcher.CollectionStatistics(field), statistics).Value;
    }

    // BooleanWeight.Coord for each number of matching clauses (all of them SHOULD, so maxCoord is the clause count).
    private float[] Coords(BooleanQuery boolean)
    {
        var maxCoord = boolean.Clauses.Count;
        var coords = new float[maxCoord + 1];
        for (var matched = 0; matched <= maxCoord; matched++)
        {
            coords[matched] = boolean.CoordDisabled || maxCoord == 1 ? 1f : _similarity.Coord(matched, maxCoord);
        }
        return coords;
    }

    /// <summary>
    /// The thread's sums, taken out until the search hands them back clean: a search that throws half-way leaves
    /// them out, so the next one starts from zeros instead of its leftovers.
    /// </summary>
    private (Sums Query, Sums Position) RentSums(bool dense)
    {
        (Sums Query, Sums Position) sums = t_sums is { } kept && kept.Query.Capacity >= _maxDoc ? kept : (new Sums(_maxDoc), new Sums(_maxDoc));
        t_sums = null;
        sums.Query.Begin(_maxDoc, dense);
        sums.Position.Begin(_maxDoc, dense: false);
        return sums;
    }

    /// <summary>
    /// Each document's running sum and number of matching clauses, kept per thread. Sparse, it lists the documents it
    /// touched; dense (when the postings could cover a good part of the base), it skips that bookkeeping and drains by
    /// walking every document in order, which is cheaper than a branch per posting.
    /// </summary>
    private sealed class Sums(int capacity)
    {
        private readonly Slot[] _slots = new Slot[capacity];
        private readonly int[] _touched = new int[capacity];
        private int _touchedCount, _maxDoc;
        private bool _dense;

        public int Capacity => _slots.Length;

        public void Begin(int maxDoc, bool dense) => (_maxDoc, _dense, _touchedCount) = (maxDoc, dense, 0);

        /// <summary>
        /// The hot loop, without bounds checks: a posting's document is below the reader's maxDoc, which is the length
        /// of the norms and at most that of these slots (postings, norms and slots come from the one reader), and
        /// freqs run beside docs. Same arithmetic as <see cref="WeighedTerm.ScoreAt"/> and <see cref="Add(int, float)"/>,
        /// repeated with the fields in locals: calling them from here was 5-10% slower at 50,000 entries.
        /// </summary>
        public void Add(in WeighedTerm term)
        {
            var count = term.Docs.Length;
            ref var docs = ref MemoryMarshal.GetArrayDataReference(term.Docs);
            ref var freqs = ref MemoryMarshal.GetArrayDataReference(term.Freqs);
            ref var norms = ref MemoryMarshal.GetArrayDataReference(term.Norms);
            ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
            var (tf, value, dense, touchedCount) = (term.Tf, term.Value, _dense, _touchedCount);
            for (var i = 0; i < count; i++)
            {
                var doc = Unsafe.Add(ref docs, i);
                var freq = Unsafe.Add(ref freqs, i);
                var score = ((uint)freq < (uint)tf.Length ? tf[freq] : term.Similarity.Tf(freq)) * value * Unsafe.Add(ref norms, doc);
                ref var slot = ref Unsafe.Add(ref slots, doc);
                if (!dense && slot.Count == 0)
                {
                    _touched[touchedCount++] = doc;
                }
                slot.Count++;
                slot.Sum += score;
            }
            _touchedCount = touchedCount;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int doc, float score)
        {
            ref var slot = ref _slots[doc];
            if (!_dense && slot.Count == 0)
            {
                _touched[_touchedCount++] = doc;
            }
            slot.Count++;
            slot.Sum += score;
        }

        /// <summary>Each document's sum made a float and times coord, into the enclosing disjunction's sums; then cleared.</summary>
        public void DrainInto(Sums outer, float[] coords)
        {
            for (var i = 0; i < _touchedCount; i++)
            {
                ref var slot = ref _slots[_touched[i]];
                outer.Add(_touched[i], (float)slot.Sum * coords[slot.Count]);
                slot = default;
            }
            _touchedCount = 0;
        }

        /// <summary>Each document's final score offered to the best; then cleared.</summary>
        public void DrainInto(TopDocuments best, float[] coords)
        {
            var count = _dense ? _maxDoc : _touchedCount;
            for (var i = 0; i < count; i++)
            {
                var doc = _dense ? i : _touched[i];
                ref var slot = ref _slots[doc];
                if (slot.Count > 0)
                {
                    best.Offer(doc, (float)slot.Sum * coords[slot.Count]);
                    slot = default;
                }
            }
            _touchedCount = 0;
        }

        private struct Slot
        {
            public double Sum;
            public int Count;
        }
    }

    /// <summary>The best documents so far, by score and then the lower document (TopScoreDocCollector's order).</summary>
    private sealed class TopDocuments(int max)
    {
        private readonly List<ScoreDoc> _best = new(max + 1);

        public void Offer(int doc, float score)
        {
            if (_best.Count == max && !Better(doc, score, _best[^1]))
            {
                return;
            }
            var at = _best.Count;
            while (at > 0 && Better(doc, score, _best[at - 1]))
            {
                at--;
            }
            _best.Insert(at, new ScoreDoc(doc, score));
            if (_best.Count > max)
            {
                _best.RemoveAt(max);
            }
        }

        public ScoreDoc[] ToArray() => [.. _best];

        private static bool Better(int doc, float score, ScoreDoc than) => score > than.Score || (score == than.Score && doc < than.Doc);
    }
}
