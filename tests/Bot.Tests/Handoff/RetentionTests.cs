using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Tests.Infrastructure;
using Bot.Tests.Insights;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

/// <summary>The retention purge, run by the app's own background pass on a clock the test moves, on SQLite and PostgreSQL.</summary>
public abstract class RetentionTests(TestBackend backend) : IAsyncLifetime
{
    [Fact]
    public async Task ClosedRequestsGoAfterTheRetentionDaysWhileNewerClosedAndOpenOnesStay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = new BotApplication(Settings([.. await backend.SettingsAsync(),
            ("Handoff:RetentionDays", "2"), ("Handoff:Webhook:Url", "http://127.0.0.1:9/hook"), ("Handoff:Webhook:Secret", "k"),
            ("Handoff:DispatcherStartDelay", "01:00:00")]));
        var app = bot.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var old = await app.SubmitAsync(Submission());
        var spam = await app.SubmitAsync(Submission());
        var recent = await app.SubmitAsync(Submission());
        var open = await app.SubmitAsync(Submission());
        var api = app.ApiClient();
        (await api.PatchAsJsonAsync($"/api/handoffs/{old.Id}", new { status = "closed" })).EnsureSuccessStatusCode();
        (await api.PatchAsJsonAsync($"/api/handoffs/{spam.Id}", new { status = "spam" })).EnsureSuccessStatusCode();
        (await api.PatchAsJsonAsync($"/api/handoffs/{open.Id}", new { status = "contacted" })).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromDays(1));
        (await api.PatchAsJsonAsync($"/api/handoffs/{recent.Id}", new { status = "closed" })).EnsureSuccessStatusCode();

        // Two days and a bit after the first closings; the pass runs every Handoff:PurgeInterval of the app's clock.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return await backend.CountAsync(bot, "SELECT COUNT(*) FROM handoff_requests") == 2;
        }, TimeSpan.FromSeconds(20), "the retention pass");

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/handoffs/{old.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/handoffs/{spam.Id}")).StatusCode);
        Assert.Equal("closed", (await api.GetJsonAsync($"/api/handoffs/{recent.Id}")).GetProperty("status").GetString());
        Assert.Equal("contacted", (await api.GetJsonAsync($"/api/handoffs/{open.Id}")).GetProperty("status").GetString());
        Assert.Equal(2, await backend.CountAsync(bot, "SELECT COUNT(*) FROM outbox"));
        var purged = await backend.QueryAsync(bot, "SELECT actor, detail FROM audit_log WHERE action = 'purged'");
        Assert.Equal(new[] { old.Reference, spam.Reference }.Order(), purged.Select(r => (string)r[1]!).Order());
        Assert.All(purged, r => Assert.Equal("retention", r[0]));
    }

    [Fact]
    public async Task TwoInstancesPurgingTogetherDeleteAndAuditEachRequestOnce()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = Settings([.. await backend.SettingsAsync(), ("Handoff:RetentionDays", "1")]);
        await using var first = new BotApplication(settings);
        var one = first.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var receipts = new List<Bot.Handoff.HandoffReceipt>();
        for (var i = 0; i < 5; i++)
        {
            var receipt = await one.SubmitAsync(Submission());
            (await one.ApiClient().PatchAsJsonAsync($"/api/handoffs/{receipt.Id}", new { status = "closed" })).EnsureSuccessStatusCode();
            receipts.Add(receipt);
        }
        // The second instance shares the database (and, for SQLite, the data folder with its keys).
        await using var second = new BotApplication(Settings([.. settings.Select(p => (p.Key, p.Value)), ("Storage:DataPath", first.DataPath)]));
        var two = second.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        _ = two.Services;

        clock.Advance(TimeSpan.FromDays(2));
        await WaitUntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return await backend.CountAsync(first, "SELECT COUNT(*) FROM handoff_requests") == 0;
        }, TimeSpan.FromSeconds(20), "the retention passes");
        await Task.Delay(500);
        Assert.Equal(receipts.Select(r => r.Reference).Order(),
            (await backend.QueryAsync(first, "SELECT detail FROM audit_log WHERE action = 'purged'")).Select(r => (string)r[0]!).Order());
    }

    [Fact]
    public async Task InsightsGoAfterTheirRetentionDaysAndAGroupKeepsOnlyTheWordingsStillWithinThem()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = new BotApplication(InsightsTestKit.InsightsSettings([.. await backend.SettingsAsync(), ("Insights:RetentionDays", "30")]));
        var app = bot.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var api = app.ApiClient();
        async Task<JsonElement[]> UnansweredAsync() => [.. (await api.GetJsonAsync("/api/insights/unanswered")).GetProperty("items").EnumerateArray()];
        var early = new BotClient(app.CreateClient());
        await early.AskAsync("does the clinic validate zorblax parking tickets");
        await early.AskAsync("xqzv plorb");
        await WaitUntilAsync(async () => (await UnansweredAsync()).Length == 2, TimeSpan.FromSeconds(20), "two kept questions");
        clock.Advance(TimeSpan.FromDays(20));
        var later = new BotClient(app.CreateClient());
        await later.AskAsync("do you validate zorblax parking tickets at the clinic?");
        await WaitUntilAsync(async () => (await UnansweredAsync()).Sum(i => i.GetProperty("count").GetInt32()) == 3, TimeSpan.FromSeconds(20), "the later question in the parking group");

        // Thirty days and a bit after the early questions, eleven after the later one.
        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));
        await WaitUntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return await backend.CountAsync(bot, "SELECT COUNT(*) FROM insights_turns") == 1 && (await UnansweredAsync()).Length == 1;
        }, TimeSpan.FromSeconds(20), "the retention pass");

        var left = Assert.Single(await UnansweredAsync());
        Assert.Equal("do you validate zorblax parking tickets at the clinic?", left.GetProperty("question").GetString());
        Assert.Equal(["do you validate zorblax parking tickets at the clinic?"], left.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, left.GetProperty("count").GetInt32());
        Assert.Equal(0, await backend.CountAsync(bot, $"SELECT COUNT(*) FROM insights_turns WHERE conversation_id = '{early.ConversationId}'"));
        Assert.Equal(1, await backend.CountAsync(bot, $"SELECT COUNT(*) FROM insights_turns WHERE conversation_id = '{later.ConversationId}'"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();
}

public sealed class SqliteRetentionTests() : RetentionTests(new SqliteBackend());

public sealed class PostgreSqlRetentionTests() : RetentionTests(new PostgreSqlBackend());
