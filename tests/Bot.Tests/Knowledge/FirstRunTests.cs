using System.Net;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Knowledge;

/// <summary>A fresh clone has no static table yet: distilling it takes tens of seconds, and visitors must not wait for it.</summary>
public class FirstRunTests
{
    [Fact]
    public async Task WhileTheStaticTableIsDistilledQuestionsAreAnsweredFromLuceneAndCrisisMessagesStillGet988()
    {
        var emptyCache = Path.Combine(Path.GetTempPath(), "bot-tests", "first-run-" + Guid.NewGuid().ToString("n"));
        await using var bot = BotProcess.Start(BotProcess.JitCommand, [new("Retrieval:Semantic:CachePath", emptyCache)]);
        try
        {
            await bot.WaitUntilReadyAsync("/healthz");
            var visitor = new BotClient(bot.Http);

            var answer = await visitor.AskAsync("what does an infusion feel like");
            var crisis = (await visitor.SayAsync("i want to kill myself")).First();
            var health = await bot.Http.GetAsync("/health");
            var ready = await bot.Http.GetAsync("/readyz");

            Assert.DoesNotContain("Static table ready", bot.Output); // all of the above happened while it was distilled
            Assert.Contains("calm", answer.Text());
            Assert.Contains("[1]", answer.Text());
            Assert.Contains("988", crisis.Text());
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode); // a load balancer keeps sending visitors elsewhere
        }
        finally
        {
            await bot.KillAsync();
            Directory.Delete(emptyCache, recursive: true);
        }
    }
}
