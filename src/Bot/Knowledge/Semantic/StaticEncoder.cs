using Microsoft.ML.Tokenizers;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// A static embedding table distilled from MiniLM (Model2Vec-style, retrieval.md §9.1): a question's vector is the
/// SIF-weighted mean of its word pieces' rows, a lookup instead of a network, microseconds per question.
/// </summary>
public sealed class StaticEncoder
{
    public const int Dimensions = 128;
    private const float SifA = 1e-3f;
    // From id 1996 on, BERT's word pieces run roughly from common to rare; nothing is estimated from our data.
    private const int FirstWordId = 1996;

    private readonly StaticTable _table;
    private readonly float[] _weights;
    private readonly BertTokenizer _tokenizer;
    // A visitor's message is read by the crisis detector, the intent layer and the ranker in the same turn: encode it once.
    private readonly RecentByText<float[]> _recent = new();
    private readonly Func<string, float[]> _encode;

    public StaticEncoder(StaticTable table, BertTokenizer tokenizer)
    {
        _table = table;
        _tokenizer = tokenizer;
        _weights = SifWeights(table.Vocabulary);
        _encode = Encode; // one delegate, not one per message
    }

    /// <summary>As <see cref="Encode"/>, remembered for the last few messages; the vector is shared, so never change it.</summary>
    public float[] EncodeMessage(string text) => _recent.GetOrAdd(text, _encode);

    public float[] Encode(string text)
    {
        var ids = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        var vector = new float[Dimensions];
        var total = 0f;
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_weights.Length)
            {
                continue;
            }
            var w = _weights[id];
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_table.Row(id), w, vector, vector);
            total += w;
        }
        return total > 0 ? VectorMath.Normalize(vector) : vector;
    }

    private static float[] SifWeights(int vocab)
    {
        // Zipf prior from rank order: p(rank) = 1 / (rank * H), H the harmonic number of the ranked words.
        var words = vocab - FirstWordId + 1;
        var harmonic = 0.0;
        for (var r = 1; r <= words; r++)
        {
            harmonic += 1.0 / r;
        }
        var weights = new float[vocab];
        for (var id = 0; id < vocab; id++)
        {
            // Special tokens, unused slots and single characters sit below 1996: treat them as the most frequent.
            var rank = Math.Max(1, id - (FirstWordId - 1));
            var p = 1.0 / (rank * harmonic);
            weights[id] = (float)(SifA / (SifA + p));
        }
        return weights;
    }

    /// <summary>
    /// Every vocabulary token through the model alone ("[CLS] token [SEP]"), its output row kept, centred and
    /// reduced by PCA to <see cref="Dimensions"/>. About 12 s on two cores, done once per model.
    /// </summary>
    public static float[] Distil(SentenceEncoder encoder, int vocab, CancellationToken ct = default)
    {
        const int Batch = 512;
        var cls = encoder.Tokenizer.ClassificationTokenId;
        var sep = encoder.Tokenizer.SeparatorTokenId;
        var full = new float[vocab * SentenceEncoder.Dimensions];
        for (var start = 0; start < vocab; start += Batch)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(Batch, vocab - start);
            var batch = new long[count][];
            for (var i = 0; i < count; i++)
            {
                batch[i] = [cls, start + i, sep];
            }
            var hidden = encoder.Run(batch, 3);
            for (var i = 0; i < count; i++)
            {
                hidden.AsSpan((i * 3 + 1) * SentenceEncoder.Dimensions, SentenceEncoder.Dimensions)
                    .CopyTo(full.AsSpan((start + i) * SentenceEncoder.Dimensions));
            }
        }
        return Pca.Reduce(full, vocab, SentenceEncoder.Dimensions, Dimensions);
    }
}
