using Bot.Tests.Infrastructure;
using Bot.Tests.Knowledge;

namespace Bot.Tests.Evaluation;

public class MeasureCommandTests
{
    [Fact]
    public async Task KbMeasureWithAMissingFileSaysSoInOneLineAndExitsWithTwo()
    {
        // Run from the repo root, where no such file exists: the same place `dotnet run` resolves paths from.
        var (exit, _, stderr) = await KnowledgeTests.RunBotAsync(null, "kb", "measure", "no-such-file.tsv");

        Assert.Equal(2, exit);
        Assert.Equal("kb measure: no such file: no-such-file.tsv", stderr.TrimEnd('\r', '\n'));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task KbMeasureOnASmallSetPrintsEveryModesRow()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, File.ReadLines(Path.Combine(BotProcess.RepoRoot, "tests", "Bot.Tests", "Data", "questions.tsv"))
                .Where(l => !l.StartsWith('#') && l.Length > 0).Take(24));

            var (exit, stdout, stderr) = await KnowledgeTests.RunBotAsync(
                new Dictionary<string, string> { ["Retrieval__Semantic__CachePath"] = BotProcess.SemanticCachePath }, "kb", "measure", file);

            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            Assert.Contains("24 questions", stdout);
            foreach (var mode in new[] { "Lucene", "Static", "Cascade", "Sentence" })
            {
                Assert.Contains(mode, stdout, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
