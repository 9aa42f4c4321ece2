namespace Bot.Knowledge.Semantic;

internal static class VectorMath
{
    public static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(v, v));
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }
        return v;
    }

    public static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b);
}
