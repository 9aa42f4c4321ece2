using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Bot.Knowledge.Semantic;

/// <summary>
/// The distilled static table (one row of <see cref="StaticEncoder.Dimensions"/> floats per word piece), memory-mapped
/// read-only from its cache file instead of read onto the managed heap: of its 15.6 MB only the pages holding the
/// word pieces visitors actually type are ever loaded, and start-up does not read the whole file.
/// File layout: magic "STV1", vocabulary size, dimensions (three 32-bit integers), then the rows.
/// </summary>
public sealed unsafe class StaticTable : IDisposable
{
    public const uint Magic = 0x31565453; // "STV1"
    private const int HeaderBytes = 12;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly float* _rows;

    private StaticTable(MemoryMappedFile file, MemoryMappedViewAccessor view, int vocabulary)
    {
        _file = file;
        _view = view;
        Vocabulary = vocabulary;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _rows = (float*)(start + view.PointerOffset + HeaderBytes);
    }

    public int Vocabulary { get; }

    public ReadOnlySpan<float> Row(int id) => new(_rows + (long)id * StaticEncoder.Dimensions, StaticEncoder.Dimensions);

    /// <summary>The table in <paramref name="path"/>, or null when the file is missing, truncated or of another shape.</summary>
    public static StaticTable? Open(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        int vocabulary;
        using (var header = File.OpenRead(path))
        using (var reader = new BinaryReader(header))
        {
            if (header.Length < HeaderBytes || reader.ReadUInt32() != Magic)
            {
                return null;
            }
            vocabulary = reader.ReadInt32();
            var dimensions = reader.ReadInt32();
            if (vocabulary <= 0 || dimensions != StaticEncoder.Dimensions
                || header.Length != HeaderBytes + (long)vocabulary * dimensions * sizeof(float))
            {
                return null;
            }
        }
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            return new StaticTable(file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), vocabulary);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static void Write(Stream file, float[] rows, int vocabulary)
    {
        using var writer = new BinaryWriter(file);
        writer.Write(Magic);
        writer.Write(vocabulary);
        writer.Write(StaticEncoder.Dimensions);
        writer.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
