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
}
