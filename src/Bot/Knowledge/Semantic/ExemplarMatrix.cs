using System.Buffers;
using System.Numerics.Tensors;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// Labelled exemplars' vectors in one row-major block, so a message is compared with all of them in one pass: for each
/// label, the mean cosine of its three nearest exemplars (one lucky neighbour does not decide) and its nearest row.
/// </summary>
public sealed class ExemplarMatrix
{
    public const int Nearest = 3;
    private readonly int[] _labels;
    private readonly float[] _columns;
    private readonly int _dimensions;

    /// <param name="labels">Each row's label, as an index below <paramref name="labelCount"/>.</param>
    public ExemplarMatrix(IReadOnlyList<int> labels, int labelCount, IReadOnlyList<float[]> rows, int dimensions)
    {
        _labels = [.. labels];
        _dimensions = dimensions;
        LabelCount = labelCount;
        // Column-major: a message is scored against every row with one long multiply-add per dimension, which runs at
        // full vector width, instead of thousands of short dot products whose call overhead was most of the cost.
        _columns = new float[dimensions * _labels.Length];
        for (var i = 0; i < _labels.Length; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                _columns[j * _labels.Length + i] = rows[i][j];
            }
        }
    }

    public int LabelCount { get; }

    /// <summary>Fills <paramref name="means"/> (per label) and <paramref name="nearest"/> (per label, the row nearest v; 0 if none).</summary>
    public void Measure(ReadOnlySpan<float> v, Span<double> means, Span<int> nearest)
    {
        var n = _labels.Length;
        var rented = ArrayPool<float>.Shared.Rent(n);
        var scores = rented.AsSpan(0, n);
        scores.Clear();
        for (var j = 0; j < _dimensions; j++)
        {
            TensorPrimitives.MultiplyAdd(_columns.AsSpan(j * n, n), v[j], scores, scores);
        }
        Span<double> top = stackalloc double[LabelCount * Nearest];
        Span<double> best = stackalloc double[LabelCount];
        top.Fill(-1);
        best.Fill(double.MinValue);
        nearest[..LabelCount].Clear();
        for (var i = 0; i < n; i++)
        {
            double cos = scores[i];
            var label = _labels[i];
            if (cos > best[label])
            {
                best[label] = cos;
                nearest[label] = i;
            }
            Keep(top.Slice(label * Nearest, Nearest), cos);
        }
        ArrayPool<float>.Shared.Return(rented);
        for (var label = 0; label < LabelCount; label++)
        {
            means[label] = Mean(top.Slice(label * Nearest, Nearest));
        }
    }

    private static void Keep(Span<double> top, double value)
    {
        var lowest = 0;
        for (var i = 1; i < top.Length; i++)
        {
            if (top[i] < top[lowest])
            {
                lowest = i;
            }
        }
        if (value > top[lowest])
        {
            top[lowest] = value;
        }
    }

    private static double Mean(Span<double> top)
    {
        var sum = 0.0;
        foreach (var t in top)
        {
            sum += t;
        }
        return sum / top.Length;
    }
}
