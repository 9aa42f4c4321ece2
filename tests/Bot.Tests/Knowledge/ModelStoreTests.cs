using Bot.Knowledge.Semantic;

namespace Bot.Tests.Knowledge;

/// <summary>The model cache folder on disk: what a process stopped mid-write leaves there does not pile up.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bot-tests", "model-store-" + Guid.NewGuid().ToString("n"));

    [Fact]
    public void TakingTheLockRemovesTempFilesAndScratchFoldersLeftByAStoppedProcess()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "optimising-0123abcd"));
        File.WriteAllText(Path.Combine(_folder, "optimising-0123abcd", "minilm.onnx"), "half");
        File.WriteAllText(Path.Combine(_folder, "minilm.onnx.86cc36be.tmp"), "half a model");
        File.WriteAllText(Path.Combine(_folder, "minilm.onnx"), "a whole model");

        using (new ModelStore(_folder).Lock())
        {
        }

        Assert.Equal(["minilm.onnx"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Where(n => n != ".lock"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
