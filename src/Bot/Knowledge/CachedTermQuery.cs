using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Bot.Knowledge;

/// <summary>
/// A term's postings (documents and frequencies) read once when a searcher opens. The knowledge index is a few
/// dozen documents, so every term's postings fit in two small arrays.
/// </summary>
internal sealed record CachedPostings(int[] Docs, int[] Freqs)
{
    public static CachedPostings Read(TermsEnum terms, IBits? liveDocs)
    {
        var docs = new List<int>();
        var freqs = new List<int>();
        var postings = terms.Docs(liveDocs, null, DocsFlags.FREQS);
        while (postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
        {
            docs.Add(postings.DocID);
            freqs.Add(postings.Freq);
        }
        return new CachedPostings([.. docs], [.. freqs]);
    }
}

/// <summary>
/// A TermQuery over postings read in advance: the same statistics and the same similarity, so exactly the same
/// scores, without opening a terms enumerator and a postings reader per clause per search (a few KB of
/// garbage each, most of what a search allocated). Only for a single-segment index; see KnowledgeIndex.
/// </summary>
internal sealed class CachedTermQuery(Term term, TermContext states, CachedPostings postings, TermStatistics statistics) : Query
{
    public Term Term { get; } = term;
    public TermContext States { get; } = states;
    public CachedPostings Postings { get; } = postings;
    public TermStatistics Statistics { get; } = statistics;

    public override Weight CreateWeight(IndexSearcher searcher) => new CachedTermWeight(this, searcher);

    public override string ToString(string field) =>
        (Term.Field == field ? Term.Text : Term.ToString()) + ToStringUtils.Boost(Boost);

    // Lucene's Query equality is boost and type only; a term query also compares its term.
    public override bool Equals(object? obj) => obj is CachedTermQuery other && base.Equals(other) && Term.Equals(other.Term);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Term);

    private sealed class CachedTermWeight : Weight
    {
        private readonly CachedTermQuery _query;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;

        public CachedTermWeight(CachedTermQuery query, IndexSearcher searcher)
        {
            _query = query;
            _similarity = searcher.Similarity;
            _stats = _similarity.ComputeWeight(query.Boost,
                searcher.CollectionStatistics(query.Term.Field), query.Statistics);
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs) =>
            _query.Postings.Docs.Length == 0 ? null
                : new ArrayScorer(this, _query.Postings, acceptDocs, _similarity.GetSimScorer(_stats, context));

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = (ArrayScorer?)GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is not null && scorer.Advance(doc) == doc)
            {
                return new Explanation(scorer.GetScore(), $"weight({_query}), freq {scorer.Freq}");
            }
            return new Explanation(0, $"no match on {_query}");
        }
    }

    private sealed class ArrayScorer(Weight weight, CachedPostings postings, IBits? acceptDocs, Similarity.SimScorer scorer)
        : Scorer(weight)
    {
        private int _index = -1;

        public override int DocID => _index < 0 ? -1 : _index < postings.Docs.Length ? postings.Docs[_index] : NO_MORE_DOCS;

        public override int Freq => postings.Freqs[_index];

        public override float GetScore() => scorer.Score(postings.Docs[_index], postings.Freqs[_index]);

        public override int NextDoc()
        {
            while (++_index < postings.Docs.Length)
            {
                if (acceptDocs is null || acceptDocs.Get(postings.Docs[_index]))
                {
                    return postings.Docs[_index];
                }
            }
            return NO_MORE_DOCS;
        }

        public override int Advance(int target)
        {
            int doc;
            while ((doc = NextDoc()) < target)
            {
            }
            return doc;
        }

        public override long GetCost() => postings.Docs.Length;
    }
}
