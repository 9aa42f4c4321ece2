using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// The two encoders, loaded once: MiniLM (one shared ONNX session) and the static table distilled from it.
/// The table is cached in the model folder keyed by the model's hash; distilling it the first time takes
/// seconds, so `kb build` can do it ahead of time.
/// </summary>
public sealed class SemanticModels(ModelStore store, ILogger<SemanticModels> logger, IDisposable? ownedLogging = null) : IDisposable
{
    private const uint TableMagic = 0x31565453; // "STV1"
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
        var tokenizer = SentenceEncoder.LoadTokenizer(store.VocabPath);
        var sentence = new SentenceEncoder(store.ModelPath, tokenizer);
        var table = LoadOrDistilTable(hash, tokenizer);
        logger.LogInformation("Semantic models ready in {Ms} ms (model {Hash})", clock.ElapsedMilliseconds, hash[..12]);
        return new Loaded(hash, sentence, new StaticEncoder(table, tokenizer));
    }

    public string TablePath(string hash) => Path.Combine(store.Folder, $"static-{hash[..16]}-{StaticEncoder.Dimensions}.bin");

    private float[] LoadOrDistilTable(string hash, Microsoft.ML.Tokenizers.BertTokenizer tokenizer)
    {
        var path = TablePath(hash);
        if (TryReadTable(path) is { } cached)
        {
            return cached;
        }
        using var _ = store.Lock();
        if (TryReadTable(path) is { } again)
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
            ModelStore.WriteAtomically(path, file =>
            {
                using var writer = new BinaryWriter(file);
                writer.Write(TableMagic);
                writer.Write(vocab);
                writer.Write(StaticEncoder.Dimensions);
                writer.Write(MemoryMarshal.AsBytes(table.AsSpan()));
            });
            logger.LogInformation("Static table distilled in {Ms} ms: {Path}", clock.ElapsedMilliseconds, path);
            return table;
        }
    }

    private static float[]? TryReadTable(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var file = File.OpenRead(path);
        using var reader = new BinaryReader(file);
        if (file.Length < 12 || reader.ReadUInt32() != TableMagic)
        {
            return null;
        }
        var vocab = reader.ReadInt32();
        var dims = reader.ReadInt32();
        if (dims != StaticEncoder.Dimensions || file.Length != 12 + (long)vocab * dims * sizeof(float))
        {
            return null;
        }
        var table = new float[vocab * dims];
        file.ReadExactly(MemoryMarshal.AsBytes(table.AsSpan()));
        return table;
    }

    public void Dispose()
    {
        _loaded?.Sentence.Dispose();
        ownedLogging?.Dispose();
    }

    private sealed record Loaded(string Hash, SentenceEncoder Sentence, StaticEncoder Static);
}
