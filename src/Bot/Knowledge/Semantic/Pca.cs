namespace Bot.Knowledge.Semantic;

/// <summary>Centre the rows, then project onto the top principal axes (cyclic Jacobi on the covariance).</summary>
internal static class Pca
{
    public static float[] Reduce(float[] rows, int count, int dims, int keep)
    {
        var mean = new double[dims];
        for (var r = 0; r < count; r++)
        {
            for (var d = 0; d < dims; d++)
            {
                mean[d] += rows[r * dims + d];
            }
        }
        for (var d = 0; d < dims; d++)
        {
            mean[d] /= count;
        }

        // Upper triangle of XᵀX, one vectorised row update per data row.
        var cov = new double[dims, dims];
        var upper = new double[dims][];
        for (var i = 0; i < dims; i++)
        {
            upper[i] = new double[dims];
        }
        var centred = new double[dims];
        for (var r = 0; r < count; r++)
        {
            for (var d = 0; d < dims; d++)
            {
                centred[d] = rows[r * dims + d] - mean[d];
            }
            for (var i = 0; i < dims; i++)
            {
                var tail = centred.AsSpan(i);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(tail, centred[i], upper[i].AsSpan(i), upper[i].AsSpan(i));
            }
        }
        for (var i = 0; i < dims; i++)
        {
            for (var j = i; j < dims; j++)
            {
                cov[i, j] = cov[j, i] = upper[i][j] / count;
            }
        }

        var (values, vectors) = Jacobi(cov, dims);
        var order = Enumerable.Range(0, dims).OrderByDescending(i => values[i]).Take(keep).ToArray();
        var axes = order.Select(axis => Enumerable.Range(0, dims).Select(d => (float)vectors[d, axis]).ToArray()).ToArray();
        var result = new float[count * keep];
        var row = new float[dims];
        for (var r = 0; r < count; r++)
        {
            for (var d = 0; d < dims; d++)
            {
                row[d] = (float)(rows[r * dims + d] - mean[d]);
            }
            for (var k = 0; k < keep; k++)
            {
                result[r * keep + k] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(row, axes[k]);
            }
        }
        return result;
    }

    private static (double[] Values, double[,] Vectors) Jacobi(double[,] a, int n)
    {
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }
            if (off < 1e-22)
            {
                break;
            }
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-30)
                    {
                        continue;
                    }
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }
        return (values, v);
    }
}
