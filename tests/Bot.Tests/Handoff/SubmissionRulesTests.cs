using Bot.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

/// <summary>The hourly caps and the same-details match hold when submissions race, on SQLite and PostgreSQL.</summary>
public abstract class SubmissionRulesTests(TestBackend backend) : IAsyncLifetime
{
    [Fact]
    public async Task SimultaneousSubmissionsFromOneConversationStopAtTheLimit()
    {
        await using var app = new BotApplication(Settings([.. await backend.SettingsAsync()]));
        var receipts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.SubmitAsync(Submission($"{i}a{i}b{i}c{i}d") with { ConversationId = "conv-shared" })));

        Assert.Equal(3, receipts.Count(r => r.Outcome == HandoffOutcome.Created));
        Assert.Equal(3, receipts.Count(r => r.Outcome == HandoffOutcome.Limited));
        Assert.Equal(3, await backend.CountAsync(app, "SELECT COUNT(*) FROM handoff_requests"));
    }

    [Fact]
    public async Task SimultaneousSubmissionsWithTheSameEmailMakeOneRequest()
    {
        await using var app = new BotApplication(Settings([.. await backend.SettingsAsync()]));
        var receipts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            app.SubmitAsync(Submission($"{i}e{i}f{i}a{i}b") with { Email = i % 2 == 0 ? "same.person@visitor.example" : "Same.Person@Visitor.example" })));

        Assert.Single(receipts.Select(r => r.Reference).Distinct());
        Assert.Equal(1, receipts.Count(r => r.Outcome == HandoffOutcome.Created));
        Assert.Equal(3, receipts.Count(r => r.Outcome == HandoffOutcome.Updated));
        Assert.Equal(1, await backend.CountAsync(app, "SELECT COUNT(*) FROM handoff_requests"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();
}

public sealed class SqliteSubmissionRulesTests() : SubmissionRulesTests(new SqliteBackend());

public sealed class PostgreSqlSubmissionRulesTests() : SubmissionRulesTests(new PostgreSqlBackend());
