using System.Buffers;
using Bot.Knowledge.Semantic;

namespace Bot.Conversation.Safety;

/// <summary>How near a piece of a message is to the crisis layer's exemplars and to the intent layer's.</summary>
public readonly record struct SafetyCloseness(Closeness Crisis, RequestCloseness Request);

/// <summary>
/// The crisis and intent layers' exemplars by the static table, in one matrix: the knowledge's questions, which both
/// layers hold, are one set of rows, and a piece both layers judge (most messages are one piece) is scanned once.
/// </summary>
public sealed class StaticExemplarScan
{
    private readonly CrisisExemplars _crisis;
    private readonly SemanticModels _models;
    private readonly Lazy<(ExemplarMatrix Matrix, ExemplarLabels Crisis, ExemplarLabels Intent)> _layers;
    private readonly RecentByText<SafetyCloseness> _recent = new();
    private readonly Func<string, SafetyCloseness> _scan;

    public StaticExemplarScan(CrisisExemplars crisis, IntentExemplars intent, SemanticModels models)
    {
        _crisis = crisis;
        _models = models;
        _layers = new(() => Build(crisis, intent, models.Static));
        _scan = Scan; // one delegate, not one per message
    }

    public void Prepare() => _ = _layers.Value;

    /// <summary>Both layers' closeness for <paramref name="piece"/>; the last few pieces are remembered, as the crisis and intent checks of one turn ask for the same.</summary>
    public SafetyCloseness Measure(string piece) => _recent.GetOrAdd(piece, _scan);

    /// <summary>
    /// As <see cref="Measure"/>, or false while the static table is still being distilled (a fresh clone's first
    /// half-minute): a turn never waits for it, and the patterns judge alone meanwhile.
    /// </summary>
    public bool TryMeasure(string piece, out SafetyCloseness closeness)
    {
        if (!_layers.IsValueCreated && !_models.TryGetStatic(out _))
        {
            closeness = default;
            return false;
        }
        closeness = Measure(piece);
        return true;
    }

    private SafetyCloseness Scan(string piece)
    {
        var (matrix, crisisLabels, intentLabels) = _layers.Value;
        var rented = ArrayPool<float>.Shared.Rent(matrix.Rows);
        var scores = rented.AsSpan(0, matrix.Rows);
        matrix.Score(_models.Static.EncodeMessage(piece), scores);
        Span<double> means = stackalloc double[Math.Max(crisisLabels.Count, intentLabels.Count)];
        Span<int> nearest = stackalloc int[means.Length];
        crisisLabels.Summarize(scores, means, nearest);
        var crisis = _crisis.Closeness(means, nearest);
        intentLabels.Summarize(scores, means, nearest);
        var result = new SafetyCloseness(crisis, IntentExemplars.Closeness(means));
        ArrayPool<float>.Shared.Return(rented);
        return result;
    }

    /// <summary>
    /// The crisis exemplars first, in their own order (so a crisis row is its index in <see cref="CrisisExemplars.All"/>),
    /// then the intent exemplars, each taking the row of the same text where the crisis layer has one.
    /// </summary>
    private static (ExemplarMatrix, ExemplarLabels, ExemplarLabels) Build(CrisisExemplars crisis, IntentExemplars intent, StaticEncoder encoder)
    {
        var texts = crisis.All.Select(e => e.Text).ToList();
        var intentLabels = Enumerable.Repeat(-1, texts.Count).ToList();
        var free = new Dictionary<string, Queue<int>>(StringComparer.Ordinal);
        for (var row = 0; row < texts.Count; row++)
        {
            (free.TryGetValue(texts[row], out var rows) ? rows : free[texts[row]] = new Queue<int>()).Enqueue(row);
        }
        foreach (var (request, text) in intent.All)
        {
            if (free.TryGetValue(text, out var rows) && rows.TryDequeue(out var row))
            {
                intentLabels[row] = (int)request;
            }
            else
            {
                texts.Add(text);
                intentLabels.Add((int)request);
            }
        }
        return (new ExemplarMatrix([.. texts.Select(encoder.Encode)], StaticEncoder.Dimensions),
            crisis.Labels.Padded(texts.Count), new ExemplarLabels([.. intentLabels], IntentExemplars.LabelCount));
    }
}
