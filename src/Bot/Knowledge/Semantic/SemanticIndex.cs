using System.Diagnostics;

namespace Bot.Knowledge.Semantic;

/// <summary>The vectors of one entry's texts: title and phrasings, and the answer text.</summary>
public sealed record EntryVectors(KnowledgeEntry Entry, float[][] StaticPhrasings, float[] StaticAnswer, float[][] SentencePhrasings, float[] SentenceAnswer);

/// <summary>
/// Entry vectors for both encoders, rebuilt with the Lucene index when knowledge changes; the snapshot is
/// swapped in whole, so a question sees either the old entries or the new ones.
/// </summary>
public sealed class SemanticIndex(SemanticModels models, EntryVectorCache cache, ILogger<SemanticIndex> logger)
{
    private volatile IReadOnlyList<EntryVectors>? _entries;

    public IReadOnlyList<EntryVectors> Entries => _entries ?? [];

    /// <summary>Built once: until then retrieval is Lucene's alone (<see cref="Retriever.IsSemantic"/>).</summary>
    public bool IsReady => _entries is not null;

    public void Rebuild(KnowledgeSet set, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var texts = set.Entries.SelectMany(Texts).ToArray();
        // MiniLM's vectors come from the cache; only texts it lacks (new or edited entries) wait for the model.
        var (sentence, computed) = cache.GetOrCompute(models.SentenceKey, texts, text =>
        {
            cancellation.ThrowIfCancellationRequested();
            return models.Sentence.Encode(text);
        });
        var staticEncoder = models.Static;
        _entries = set.Entries.Select(e => new EntryVectors(
            e,
            e.Phrasings.Select(staticEncoder.Encode).ToArray(),
            staticEncoder.Encode(e.Answer),
            e.Phrasings.Select(t => sentence[t]).ToArray(),
            sentence[e.Answer])).ToArray();
        logger.LogInformation("Entry vectors ready in {Ms} ms ({Computed} of {Total} texts embedded, the rest cached)",
            clock.ElapsedMilliseconds, computed, texts.Length);
    }


    private static IEnumerable<string> Texts(KnowledgeEntry e) => e.Phrasings.Append(e.Answer);
}
