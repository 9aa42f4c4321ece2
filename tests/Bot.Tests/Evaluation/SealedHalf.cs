using Bot.Evaluation;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Evaluation;

/// <summary>
/// One blind set's sealed half (tests/Bot.Tests/Data/&lt;set&gt;/sealed) run once through a real app for a test class;
/// the tests read totals only, never a message.
/// </summary>
public abstract class SealedHalf(string set) : IAsyncLifetime
{
    public UnseenReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using var app = new BotApplication();
        _ = app.Server;
        Report = await UnseenReport.RunAsync(app.Services, Path.Combine(BotApplication.RepoRoot, "tests/Bot.Tests/Data", set, "sealed"));
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
