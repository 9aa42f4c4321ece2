using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// MiniLM vectors of the knowledge texts on disk, one file per model hash, one record per text hash:
/// a restart re-embeds only the texts that changed (embedding all of them costs about 1.6 s).
/// </summary>
public sealed class EntryVectorCache(ModelStore store)
{
    private const int KeyBytes = 32;

    private string PathFor(string modelKey, string set) => Path.Combine(store.Folder, $"{set}-vectors-{modelKey}.bin");

    /// <summary>Vectors for every text, computing the missing ones; returns how many had to be computed. Each set of texts has its own file.</summary>
    public (IReadOnlyDictionary<string, float[]> Vectors, int Computed) GetOrCompute(
        string modelKey, IReadOnlyCollection<string> texts, Func<string, float[]> encode, string set = "entry")
    {
        var path = PathFor(modelKey, set);
        var stored = Read(path);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var computed = 0;
        foreach (var text in texts.Distinct(StringComparer.Ordinal))
        {
            var key = Key(text);
            if (!stored.TryGetValue(key, out var vector))
            {
                vector = encode(text);
                stored[key] = vector;
                computed++;
            }
            result[text] = vector;
        }
        if (computed > 0)
        {
            var keep = result.Keys.Select(Key).ToHashSet(StringComparer.Ordinal);
            using var _ = store.Lock();
            ModelStore.WriteAtomically(path, file =>
            {
                foreach (var (key, vector) in stored.Where(kv => keep.Contains(kv.Key)))
                {
                    file.Write(Convert.FromHexString(key));
                    file.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
                }
            });
        }
        return (result, computed);
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Dictionary<string, float[]> Read(string path)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return vectors;
        }
        var bytes = File.ReadAllBytes(path);
        const int record = KeyBytes + SentenceEncoder.Dimensions * sizeof(float);
        for (var at = 0; at + record <= bytes.Length; at += record)
        {
            var key = Convert.ToHexString(bytes, at, KeyBytes);
            vectors[key] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(at + KeyBytes, record - KeyBytes)).ToArray();
        }
        return vectors;
    }
}
