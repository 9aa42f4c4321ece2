using System.Diagnostics;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Insights.InsightsTestKit;

namespace Bot.Tests.Insights;

/// <summary>
/// An attached phrasing is answered everywhere at once: on the other instances of one PostgreSQL database, and
/// after a knowledge edit rebuilds the index. The poll is ten minutes here, so waiting for it cannot pass.
/// </summary>
public sealed class PhrasingPropagationTests : IAsyncLifetime
{
    private const string Phrasing = "frobnicate wibblewobble";
    private const string EntryTitle = "What an infusion feels like";

    private readonly PostgreSqlBackend backend = new();
    private readonly string knowledge = Directory.CreateTempSubdirectory("kb-phrasings-").FullName;

    private static Dictionary<string, string?> Settings((string Key, string? Value)[] storage, params (string Key, string? Value)[] extra) =>
        InsightsSettings([.. storage, ("Insights:PhrasingPollInterval", "00:10:00"), .. extra]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APhrasingAttachedOnOneInstanceIsAnsweredOnAnotherWithinSeconds(bool overRedis)
    {
        // Over Redis the news travels by pub/sub instead of LISTEN/NOTIFY.
        (string Key, string? Value)[] redis = overRedis
            ? [("ConnectionStrings:Redis", Scaling.SharedRedisTests.Server), ("Redis:Prefix", "test-" + Guid.NewGuid().ToString("n")[..12])]
            : [];
        await using var a = new BotApplication(Settings(await backend.SettingsAsync(), redis));
        a.CreateClient().Dispose();
        await using var b = new BotApplication(Settings(backend.LastSettings, redis));
        Assert.Contains("don't have information", (await new BotClient(b.CreateClient()).AskAsync(Phrasing)).Text());
        var group = await a.UnansweredContainingAsync(Phrasing);

        (await a.AttachAsync(group.GetProperty("id").GetString()!, "how-it-feels")).EnsureSuccessStatusCode();

        Assert.Equal(EntryTitle, await CitedWithinAsync(b, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task AKnowledgeEditKeepsTheAttachedPhrasingsInTheRebuiltIndex()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(BotApplication.RepoRoot, "knowledge")))
        {
            File.Copy(file, Path.Combine(knowledge, Path.GetFileName(file)));
        }
        await using var app = new BotApplication(Settings(await backend.SettingsAsync(), ("Knowledge:Path", knowledge), ("Knowledge:WatchForChanges", "true")));
        Assert.Contains("don't have information", (await new BotClient(app.CreateClient()).AskAsync(Phrasing)).Text());
        var group = await app.UnansweredContainingAsync(Phrasing);
        (await app.AttachAsync(group.GetProperty("id").GetString()!, "how-it-feels")).EnsureSuccessStatusCode();
        Assert.Equal(EntryTitle, (await new BotClient(app.CreateClient()).AskAsync(Phrasing)).CitedTitle());

        await File.WriteAllTextAsync(Path.Combine(knowledge, "zorblax-parking.md"), """
            ---
            id: zorblax-parking
            title: Zorblax parking
            questions:
              - where do I park my zorblax
            tags: [test]
            source: https://clinic.example/parking
            related: []
            ---
            Zorblaxes park behind the clinic.
            """);
        await app.EventuallyAsync(async () => (await new BotClient(app.CreateClient()).AskAsync("where do I park my zorblax")).CitedTitle() == "Zorblax parking",
            "the index rebuilt from the edited folder");

        Assert.Equal(EntryTitle, (await new BotClient(app.CreateClient()).AskAsync(Phrasing)).CitedTitle());
    }

    /// <summary>What a new conversation on <paramref name="app"/> gets cited for the phrasing, asked until it is the entry or time is up.</summary>
    private static async Task<string?> CitedWithinAsync(BotApplication app, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var cited = (await new BotClient(app.CreateClient()).AskAsync(Phrasing)).CitedTitle();
            if (cited == EntryTitle || clock.Elapsed >= limit)
            {
                return cited;
            }
            await Task.Delay(100);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await backend.DisposeAsync();
        Directory.Delete(knowledge, recursive: true);
    }
}
