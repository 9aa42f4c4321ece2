using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.OnnxRuntime;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// The two encoders, loaded once: the static table distilled from MiniLM, and MiniLM itself (one shared ONNX
/// session). The table is cached in the model folder keyed by the model's hash; distilling it the first time
/// takes seconds, so `kb build` can do it ahead of time.
/// <para>
/// The table is ready in a few hundred milliseconds. MiniLM's session takes longer (about half a second alone) and
/// is loaded only once the first answers can be given (<see cref="LoadSentenceAsync"/>, called by the index
/// builder): on two cores, loading it beside the rest of a start delayed the first answer by as much. Until it is
/// there, <see cref="TryGetSentence"/> says no and <see cref="HybridRanker"/> answers from the cheap path.
/// </para>
/// </summary>
public sealed class SemanticModels : IDisposable
{
    private readonly ModelStore store;
    private readonly ILogger<SemanticModels> logger;
    private readonly IDisposable? ownedLogging;
    private readonly object _gate = new();
    // Stops a distillation when the app stops before it is done: ONNX Runtime must not be mid-run when the process exits.
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _tableOrDistilling = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Loaded? _loaded;
    private Task<SentenceEncoder>? _sentence;
    private int _stopped;

    /// <param name="quantized">Run MiniLM's int8 copy (<see cref="ModelQuantizer"/>) instead of the float model.</param>
    public SemanticModels(ModelStore store, ILogger<SemanticModels> logger, bool quantized = false, IDisposable? ownedLogging = null)
    {
        this.store = store;
        Quantized = quantized;
        this.logger = logger;
        this.ownedLogging = ownedLogging;
        // Loading begins while the host is built; any early exit (a broken setting, a bad proxy address) must not
        // leave ONNX Runtime running under a process that is tearing down (seen as exit 139).
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
    }

    public ModelStore Store => store;
    public string ModelHash => Get().Hash;

    public bool Quantized { get; }

    /// <summary>Names what MiniLM's vectors were computed with, so float and int8 vectors are never mixed in one cache file.</summary>
    public string SentenceKey => Quantized ? $"{ModelHash[..16]}-int8" : ModelHash[..16];
    public StaticEncoder Static => Get().Static;

    /// <summary>MiniLM, loading it first if need be.</summary>
    public SentenceEncoder Sentence => LoadSentenceAsync().GetAwaiter().GetResult();

    /// <summary>Starts loading MiniLM unless that has begun; completes when it is loaded.</summary>
    public Task<SentenceEncoder> LoadSentenceAsync()
    {
        if (_sentence is { } loading)
        {
            return loading;
        }
        var loaded = Get();
        lock (_gate)
        {
            return _sentence ??= Task.Run(() =>
            {
                try
                {
                    _stopping.Token.ThrowIfCancellationRequested();
                    var clock = Stopwatch.StartNew();
                    var encoder = new SentenceEncoder(OptimizedModel(), loaded.Tokenizer);
                    encoder.Encode("what does an infusion feel like"); // ONNX Runtime's first run is slow: not on a visitor
                    logger.LogInformation("Sentence model ready in {Ms} ms", clock.ElapsedMilliseconds);
                    return encoder;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "The sentence model did not load: questions are answered from the static table and Lucene only");
                    throw;
                }
            });
        }
    }

    public bool TryGetSentence([NotNullWhen(true)] out SentenceEncoder? sentence)
    {
        sentence = _sentence is { IsCompletedSuccessfully: true } loaded ? loaded.Result : null;
        return sentence is not null;
    }

    /// <summary>The static table if it is loaded; false while it is still being read or distilled (a fresh clone's first minute).</summary>
    public bool TryGetStatic([NotNullWhen(true)] out StaticEncoder? encoder)
    {
        encoder = _loaded?.Static;
        return encoder is not null;
    }

    /// <summary>The model files, the tokenizer and the static table.</summary>
    public void EnsureLoaded() => Get();

    /// <summary>
    /// Completes when the static table is loaded (a fraction of a second from the cache), or as soon as it turns out
    /// it must be distilled first (a fresh clone: tens of seconds), or if loading failed. Turns wait for this, not for
    /// a distillation: the safety layers judge by the table whenever it exists.
    /// </summary>
    public Task TableLoadedOrDistilling => _tableOrDistilling.Task;

    private Loaded Get()
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }
        lock (_gate)
        {
            try
            {
                return _loaded ??= Load();
            }
            finally
            {
                _tableOrDistilling.TrySetResult();
            }
        }
    }

    private Loaded Load()
    {
        _stopping.Token.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var hash = store.EnsureModel();
        var tokenizer = SentenceEncoder.LoadTokenizer(store.VocabPath);
        var table = LoadOrDistilTable(hash, tokenizer);
        logger.LogInformation("Static table ready in {Ms} ms (model {Hash})", clock.ElapsedMilliseconds, hash[..12]);
        return new Loaded(hash, tokenizer, table, new StaticEncoder(table, tokenizer));
    }

    private string OptimizedModel() => store.EnsureOptimizedModel(SentenceKey, (output, weights) =>
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var source = store.ModelPath;
            if (Quantized)
            {
                // Quantised beside the output, in the store's scratch folder, then optimised like the float model.
                source = Path.Combine(Path.GetDirectoryName(output)!, "minilm-int8-unoptimised.onnx");
                ModelQuantizer.Quantize(store.ModelPath, source);
            }
            SentenceEncoder.SaveOptimized(source, output, weights);
            logger.LogInformation("Sentence model ({Kind}) optimised for this runtime in {Ms} ms, weights memory-mapped from {File}",
                Quantized ? "int8" : "float", clock.ElapsedMilliseconds, weights);
            return true;
        }
        // The int8 copy has no fallback: the extracted model is the float one, and its vectors would be filed as int8.
        catch (Exception ex) when (!Quantized && ex is (OnnxRuntimeException or IOException))
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
        _tableOrDistilling.TrySetResult();
        _stopping.Token.ThrowIfCancellationRequested();
        logger.LogWarning("Distilling the static embedding table (once per model, about 15-30 s); `kb build` does this ahead of time");
        var clock = Stopwatch.StartNew();
        var vocab = File.ReadLines(store.VocabPath).Count();
        // A one-off job: use every core, then let the session go.
        using (var distiller = new SentenceEncoder(store.ModelPath, tokenizer, threads: Environment.ProcessorCount))
        {
            var table = StaticEncoder.Distil(distiller, vocab, _stopping.Token);
            ModelStore.WriteAtomically(path, file => StaticTable.Write(file, table, vocab));
        }
        logger.LogInformation("Static table distilled in {Ms} ms: {Path}", clock.ElapsedMilliseconds, path);
        return StaticTable.Open(path) ?? throw new IOException($"The static table just written is unreadable: {path}");
    }

    /// <summary>Stops a distillation or a load in progress (within one batch) without waiting; what has loaded stays usable.</summary>
    public void CancelLoading() => _stopping.Cancel();

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        StopLoading();
        _loaded?.Table.Dispose();
        ownedLogging?.Dispose();
    }

    private void StopOnExit(object? sender, EventArgs e) => StopLoading();

    /// <summary>Stops a distillation (within one batch) and waits for any load, so no native call outlives the caller.</summary>
    private void StopLoading()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        _stopping.Cancel();
        lock (_gate)
        {
        }
        // A session still loading is disposed once it is there (a failed load has nothing to dispose).
        if (_sentence is { } loading)
        {
            ((IAsyncResult)loading).AsyncWaitHandle.WaitOne();
            if (loading.IsCompletedSuccessfully)
            {
                loading.Result.Dispose();
            }
        }
    }

    private sealed record Loaded(string Hash, Microsoft.ML.Tokenizers.BertTokenizer Tokenizer, StaticTable Table, StaticEncoder Static);
}
