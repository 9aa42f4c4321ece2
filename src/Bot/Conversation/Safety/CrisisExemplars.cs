using Bot.Knowledge.Semantic;

namespace Bot.Conversation.Safety;

public sealed record Exemplar(string Label, string Category, string Text)
{
    public const string Crisis = "crisis", Safe = "safe", Distress = "distress", OtherPerson = "other-person";
}

/// <summary>How close one piece of a message is to each kind of exemplar: the mean cosine of its three nearest.</summary>
public readonly record struct Closeness(double Crisis, double Safe, double Distress, Exemplar NearestCrisis)
{
    /// <summary>Nearer crisis than anything that is not (distress counts as not, outside the supportive mode).</summary>
    public double CrisisMargin => Crisis - Math.Max(Safe, Distress);

    /// <summary>Nearer crisis or distress than safe: what the supportive mode listens for.</summary>
    public double DistressMargin => Math.Max(Crisis, Distress) - Safe;
}

/// <summary>
/// The semantic layer of crisis detection: curated exemplars (crisis-exemplars.tsv) embedded once per encoder, and a
/// message's nearest neighbours among them. The static table's vectors are there from the start and cost microseconds
/// a message; MiniLM's, computed once and cached on disk, are used where semantic retrieval runs MiniLM anyway.
/// </summary>
public sealed class CrisisExemplars
{
    private const int CrisisRow = 0, SafeRow = 1, DistressRow = 2;
    private readonly SemanticModels _models;
    private readonly EntryVectorCache _cache;
    private volatile ExemplarMatrix? _sentence;
    private readonly TaskCompletionSource _sentenceReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly QuestionVectorCache? _questions;

    public CrisisExemplars(SemanticModels models, EntryVectorCache cache, Knowledge.KnowledgeFolder knowledge, QuestionVectorCache? questions = null)
    {
        _models = models;
        _cache = cache;
        _questions = questions;
        // The visitor questions in knowledge/ are the plainest examples of what is not a crisis.
        All = [.. ExemplarFile.Read("Safety.crisis-exemplars.tsv").Where(f => f.Length == 3).Select(f => new Exemplar(f[0], f[1], f[2])),
            .. knowledge.Initial.Entries.SelectMany(e => e.Phrasings).Distinct(StringComparer.Ordinal).Select(q => new Exemplar(Exemplar.Safe, "knowledge", q))];
        // Distress keeps its own label; every other label is "safe".
        Labels = new ExemplarLabels([.. All.Select(e => e.Label switch { Exemplar.Crisis => CrisisRow, Exemplar.Distress => DistressRow, _ => SafeRow })], 3);
    }

    public IReadOnlyList<Exemplar> All { get; }

    /// <summary>Each exemplar's label, in the order of <see cref="All"/>.</summary>
    public ExemplarLabels Labels { get; }

    public bool SentenceReady => _sentence is not null;

    /// <summary>MiniLM runs as its int8 copy, whose margins have their own threshold.</summary>
    public bool Quantized => _models.Quantized;

    /// <summary>Completes once MiniLM's vectors are in use (tests and `eval` wait for it, as they wait for the model).</summary>
    public Task WhenSentenceReady => _sentenceReady.Task;

    /// <summary>Embeds the exemplars with MiniLM (from the disk cache after the first time); then <see cref="MeasureSentence"/> may use it.</summary>
    public void PrepareSentence()
    {
        var sentence = _models.Sentence;
        var (vectors, _) = _cache.GetOrCompute(_models.SentenceKey, All.Select(e => e.Text).ToArray(), sentence.Encode, set: "crisis-exemplar");
        _sentence = new ExemplarMatrix(All.Select(e => vectors[e.Text]).ToArray(), SentenceEncoder.Dimensions);
        _sentenceReady.TrySetResult();
    }

    /// <summary>Closeness by MiniLM (milliseconds), or null while it is not ready.</summary>
    public Closeness? MeasureSentence(string piece) =>
        _sentence is { } m && _models.TryGetSentence(out var encoder) ? Measure(m, _questions?.GetOrAdd(piece, encoder.Encode) ?? encoder.Encode(piece)) : null;

    private Closeness Measure(ExemplarMatrix matrix, float[] v)
    {
        Span<double> means = stackalloc double[3];
        Span<int> nearest = stackalloc int[3];
        matrix.Measure(v, Labels, means, nearest);
        return Closeness(means, nearest);
    }

    /// <summary>A summary by <see cref="Labels"/> as closeness; the nearest crisis row is an index into <see cref="All"/>.</summary>
    internal Closeness Closeness(ReadOnlySpan<double> means, ReadOnlySpan<int> nearest) =>
        new(means[CrisisRow], means[SafeRow], means[DistressRow], All[nearest[CrisisRow]]);
}
