using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 through ONNX Runtime: BERT word pieces ([CLS] text [SEP], lower-cased), mean pooling of
/// last_hidden_state over the attention mask, L2-normalised. One shared session with one intra-op thread:
/// Run is thread-safe, and more threads per call only fight under concurrent requests (retrieval.md §9).
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    public const int Dimensions = 384;
    private const int MaxTokens = 256;

    private readonly InferenceSession _session;
    private readonly string _outputName;
    private readonly bool _wantsTokenTypes;

    /// <param name="prepackWeights">
    /// ONNX Runtime's weight prepacking keeps a second, GEMM-ready copy of the weights (36 MB). MiniLM runs 1.8x
    /// faster with it (2.9 vs 5.2 ms a question, `Bot.Benchmarks -- --prepack`), and under load the process is no
    /// smaller without it (278 vs 280 MB: the unpacked weights are read instead), so it stays on.
    /// </param>
    public SentenceEncoder(string modelPath, BertTokenizer tokenizer, int threads = 1, bool prepackWeights = true)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!prepackWeights)
        {
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
        }
        _session = new InferenceSession(modelPath, options);
        _outputName = _session.OutputMetadata.Keys.FirstOrDefault(k => k == "last_hidden_state") ?? _session.OutputMetadata.Keys.First();
        _wantsTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        Tokenizer = tokenizer;
    }

    public BertTokenizer Tokenizer { get; }

    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// Saves <paramref name="modelPath"/> with its graph optimised and its weights in <paramref name="weightsFile"/>
    /// (next to <paramref name="outputPath"/>, page-aligned so ONNX Runtime can map it). Level "extended" fuses
    /// attention, GELU and layer norms; the machine-specific layouts of level "all" are left to load time.
    /// </summary>
    public static void SaveOptimized(string modelPath, string outputPath, string weightsFile)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
            OptimizedModelFilePath = outputPath,
        };
        options.AddSessionConfigEntry("session.optimized_model_external_initializers_file_name", weightsFile);
        options.AddSessionConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
        using var session = new InferenceSession(modelPath, options);
    }

    public static BertTokenizer LoadTokenizer(string vocabPath)
    {
        using var vocab = File.OpenRead(vocabPath);
        return BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
    }

    public float[] Encode(string text)
    {
        var ids = Tokenizer.EncodeToIds(text, addSpecialTokens: true);
        if (ids.Count > MaxTokens)
        {
            ids = [.. ids.Take(MaxTokens - 1), Tokenizer.SeparatorTokenId];
        }
        var hidden = Run([ids.Select(i => (long)i).ToArray()], ids.Count);
        var vector = new float[Dimensions];
        for (var t = 0; t < ids.Count; t++)
        {
            var row = hidden.AsSpan(t * Dimensions, Dimensions);
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] += row[d];
            }
        }
        return VectorMath.Normalize(vector);
    }

    /// <summary>
    /// Runs a batch of equal-length id sequences (attention on every position) and returns last_hidden_state
    /// flattened as [batch, length, 384]. Used by the static-table distillation.
    /// </summary>
    public float[] Run(IReadOnlyList<long[]> batch, int length)
    {
        var shape = new long[] { batch.Count, length };
        var ids = new long[batch.Count * length];
        for (var b = 0; b < batch.Count; b++)
        {
            batch[b].CopyTo(ids, b * length);
        }
        var mask = new long[ids.Length];
        Array.Fill(mask, 1L);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var names = _wantsTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var values = _wantsTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [_outputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
