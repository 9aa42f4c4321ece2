using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// The two encoders, loaded once: MiniLM (one shared ONNX session) and the static table distilled from it.
/// The table is cached in the model folder keyed by the model's hash; distilling it the first time takes
/// seconds, so `kb build` can do it ahead of time.
/// </summary>
public sealed class SemanticModels(ModelStore store, ILogger<SemanticModels> logger, IDisposable? ownedLogging = null) : IDisposable
{
    private readonly object _gate = new();
    private Loaded? _loaded;

    public ModelStore Store => store;
    public string ModelHash => Get().Hash;
    public SentenceEncoder Sentence => Get().Sentence;
    public StaticEncoder Static => Get().Static;

    public void EnsureLoaded() => Get();

    private Loaded Get()
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }
        lock (_gate)
        {
            return _loaded ??= Load();
        }
    }

    private Loaded Load()
    {
        var clock = Stopwatch.StartNew();
        var hash = store.EnsureModel();
        var loadingTokenizer = Task.Run(() => SentenceEncoder.LoadTokenizer(store.VocabPath));
        var sentence = new SentenceEncoder(OptimizedModel(hash), loadingTokenizer);
        var tokenizer = sentence.Tokenizer;
        var table = LoadOrDistilTable(hash, tokenizer);
        logger.LogInformation("Semantic models ready in {Ms} ms (model {Hash})", clock.ElapsedMilliseconds, hash[..12]);
        return new Loaded(hash, sentence, table, new StaticEncoder(table, tokenizer));
    }

    private string OptimizedModel(string hash) => store.EnsureOptimizedModel(hash, (output, weights) =>
    {
        try
        {
            var clock = Stopwatch.StartNew();
            SentenceEncoder.SaveOptimized(store.ModelPath, output, weights);
            logger.LogInformation("Sentence model optimised for this runtime in {Ms} ms, weights memory-mapped from {File}", clock.ElapsedMilliseconds, weights);
            return true;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or IOException)
        {
            logger.LogWarning(ex, "Could not save an optimised copy of the sentence model; loading the extracted model instead");
            return false;
        }
    });

    public string TablePath(string hash) => Path.Combine(store.Folder, $"static-{hash[..16]}-{StaticEncoder.Dimensions}.bin");

    private StaticTable LoadOrDistilTable(string hash, Microsoft.ML.Tokenizers.BertTokenizer tokenizer)
    {
        var path = TablePath(hash);
        if (StaticTable.Open(path) is { } cached)
        {
            return cached;
        }
        using var _ = store.Lock();
        if (StaticTable.Open(path) is { } again)
        {
            return again;
        }
        logger.LogWarning("Distilling the static embedding table (once per model, about 15-30 s); `kb build` does this ahead of time");
        var clock = Stopwatch.StartNew();
        var vocab = File.ReadLines(store.VocabPath).Count();
        // A one-off job: use every core, then let the session go.
        using (var distiller = new SentenceEncoder(store.ModelPath, tokenizer, threads: Environment.ProcessorCount))
        {
            var table = StaticEncoder.Distil(distiller, vocab);
            ModelStore.WriteAtomically(path, file => StaticTable.Write(file, table, vocab));
        }
        logger.LogInformation("Static table distilled in {Ms} ms: {Path}", clock.ElapsedMilliseconds, path);
        return StaticTable.Open(path) ?? throw new IOException($"The static table just written is unreadable: {path}");
    }

    public void Dispose()
    {
        _loaded?.Sentence.Dispose();
        _loaded?.Table.Dispose();
        ownedLogging?.Dispose();
    }

    private sealed record Loaded(string Hash, SentenceEncoder Sentence, StaticTable Table, StaticEncoder Static);
}
