using System.Buffers;
using System.Numerics.Tensors;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// Exemplars' vectors in one column-major block, so a message is compared with all of them in one pass. Which rows
/// count for what is said by <see cref="ExemplarLabels"/>: several layers can share one matrix and one pass.
/// </summary>
public sealed class ExemplarMatrix
{
    private readonly float[] _columns;
    private readonly int _dimensions;

    public ExemplarMatrix(IReadOnlyList<float[]> rows, int dimensions)
    {
        Rows = rows.Count;
        _dimensions = dimensions;
        // Column-major: a message is scored against every row with one long multiply-add per dimension, which runs at
        // full vector width, instead of thousands of short dot products whose call overhead was most of the cost.
        _columns = new float[dimensions * Rows];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                _columns[j * Rows + i] = rows[i][j];
            }
        }
    }

    public int Rows { get; }

    /// <summary>The dot product of <paramref name="v"/> with every row (the cosine: rows and messages are unit vectors).</summary>
    public void Score(ReadOnlySpan<float> v, Span<float> scores)
    {
        scores = scores[..Rows];
        scores.Clear();
        for (var j = 0; j < _dimensions; j++)
        {
            TensorPrimitives.MultiplyAdd(_columns.AsSpan(j * Rows, Rows), v[j], scores, scores);
        }
    }

    /// <summary>Scores <paramref name="v"/> and summarises it for one layer (see <see cref="ExemplarLabels.Summarize"/>).</summary>
    public void Measure(ReadOnlySpan<float> v, ExemplarLabels labels, Span<double> means, Span<int> nearest)
    {
        var rented = ArrayPool<float>.Shared.Rent(Rows);
        Score(v, rented);
        labels.Summarize(rented.AsSpan(0, Rows), means, nearest);
        ArrayPool<float>.Shared.Return(rented);
    }
}

/// <summary>One layer's label for each row of an <see cref="ExemplarMatrix"/>: an index below <see cref="Count"/>, or -1 for a row that is not this layer's.</summary>
public sealed class ExemplarLabels(int[] labels, int count)
{
    /// <summary>A label's closeness is the mean cosine of its three nearest rows: one lucky neighbour does not decide.</summary>
    public const int Nearest = 3;

    public int Count { get; } = count;

    /// <summary>The same labels over a matrix with more rows after these (the others' rows, not this layer's).</summary>
    public ExemplarLabels Padded(int rows)
    {
        var padded = new int[rows];
        padded.AsSpan().Fill(-1);
        labels.CopyTo(padded, 0);
        return new ExemplarLabels(padded, Count);
    }

    /// <summary>Fills <paramref name="means"/> (per label) and <paramref name="nearest"/> (per label, the row nearest; 0 if none).</summary>
    public void Summarize(ReadOnlySpan<float> scores, Span<double> means, Span<int> nearest)
    {
        Span<double> top = stackalloc double[Count * Nearest];
        Span<double> lowest = stackalloc double[Count];
        Span<double> best = stackalloc double[Count];
        top.Fill(-1);
        lowest.Fill(-1);
        best.Fill(double.MinValue);
        nearest[..Count].Clear();
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label < 0)
            {
                continue;
            }
            double cos = scores[i];
            if (cos > best[label])
            {
                best[label] = cos;
                nearest[label] = i;
            }
            // Most rows are below the label's three nearest so far: only the others touch the list.
            if (cos > lowest[label])
            {
                lowest[label] = Keep(top.Slice(label * Nearest, Nearest), cos);
            }
        }
        for (var label = 0; label < Count; label++)
        {
            var sum = 0.0;
            foreach (var t in top.Slice(label * Nearest, Nearest))
            {
                sum += t;
            }
            means[label] = sum / Nearest;
        }
    }

    /// <summary>Puts <paramref name="value"/> in place of the lowest of <paramref name="top"/>; returns the new lowest.</summary>
    private static double Keep(Span<double> top, double value)
    {
        var at = 0;
        for (var i = 1; i < top.Length; i++)
        {
            if (top[i] < top[at])
            {
                at = i;
            }
        }
        top[at] = value;
        var lowest = top[0];
        for (var i = 1; i < top.Length; i++)
        {
            lowest = Math.Min(lowest, top[i]);
        }
        return lowest;
    }
}
