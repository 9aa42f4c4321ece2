using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// Makes the int8 copy of MiniLM: every MatMul by a constant float matrix (the attention projections and the
/// feed-forward layers, 36 in all) becomes ONNX Runtime's DynamicQuantizeMatMul, its weights stored as int8 with one
/// symmetric scale per output column and the activations quantised per call. The word-embedding table stays float.
/// About twice as fast on this CPU (AVX2); bench/README.md has the figures and the ranking check.
/// </summary>
public static class ModelQuantizer
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>Writes the quantised copy of <paramref name="input"/> to <paramref name="output"/>; returns how many MatMuls changed.</summary>
    public static int Quantize(string input, string output)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(input));
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var changed = 0;
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType != "MatMul" || node.Input.Count != 2 || !initializers.TryGetValue(node.Input[1], out var weights)
                || weights.Dims.Count != 2 || weights.DataType != (int)TensorProto.Types.DataType.Float)
            {
                continue;
            }
            var (rows, columns) = ((int)weights.Dims[0], (int)weights.Dims[1]);
            var (values, scales) = QuantizeColumns(FloatsOf(weights), rows, columns);
            var q = Tensor(weights.Name + "_int8", TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values.AsSpan()), rows, columns);
            var scale = Tensor(weights.Name + "_scale", TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(scales.AsSpan()), columns);
            var zero = Tensor(weights.Name + "_zero", TensorProto.Types.DataType.Int8, new byte[columns], columns);
            graph.Initializer.Add([q, scale, zero]);
            var quantized = new NodeProto { Name = node.Name + "_int8", OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain };
            quantized.Input.Add([node.Input[0], q.Name, scale.Name, zero.Name]);
            quantized.Output.Add(node.Output);
            graph.Node[i] = quantized;
            changed++;
        }
        // The float matrices nothing reads any more would otherwise stay in the file.
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => read.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.Add(kept);
        if (!model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }
        using var file = File.Create(output);
        model.WriteTo(file);
        return changed;
    }

    /// <summary>Symmetric per-column int8: each column's largest magnitude maps to 127.</summary>
    private static (sbyte[] Values, float[] Scales) QuantizeColumns(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                scales[c] = Math.Max(scales[c], Math.Abs(matrix[r * columns + c]));
            }
        }
        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] == 0 ? 1 : scales[c] / 127f;
        }
        var values = new sbyte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(matrix[r * columns + c] / scales[c]), -127, 127);
            }
        }
        return (values, scales);
    }

    private static float[] FloatsOf(TensorProto tensor) =>
        tensor.FloatData.Count > 0 ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
