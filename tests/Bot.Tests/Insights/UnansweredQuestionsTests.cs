using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Handoff.HandoffTestKit;
using static Bot.Tests.Insights.InsightsTestKit;

namespace Bot.Tests.Insights;

/// <summary>The unanswered-questions loop and the dashboard's figures, on SQLite and PostgreSQL.</summary>
public abstract class UnansweredQuestionsTests(TestBackend backend) : IAsyncLifetime
{
    private async Task<BotApplication> StartAsync() => new(InsightsSettings([.. await backend.SettingsAsync()]));

    [Fact]
    public async Task AnAttachedPhrasingIsAnsweredFromItsEntryOnTheNextTurn()
    {
        await using var app = await StartAsync();
        var chat = new BotClient(app.CreateClient());
        Assert.Contains("don't have information", (await chat.AskAsync("frobnicate wibblewobble")).Text());
        var group = await app.UnansweredContainingAsync("frobnicate wibblewobble");

        var attached = await app.AttachAsync(group.GetProperty("id").GetString()!, "how-it-feels");
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);

        var reply = await new BotClient(app.CreateClient()).AskAsync("frobnicate wibblewobble");
        Assert.Equal("What an infusion feels like", reply.CitedTitle());
        Assert.DoesNotContain(await app.UnansweredAsync(), i => i.GetProperty("id").GetString() == group.GetProperty("id").GetString());
        Assert.Equal(1, await backend.CountAsync(app, "SELECT COUNT(*) FROM insights_phrasings WHERE entry_id = 'how-it-feels'"));

        // A second instance on the same database serves it from its first turn, without a restart of the first.
        await using var second = new BotApplication(InsightsSettings([.. backend.LastSettings, ("Storage:DataPath", app.DataPath)]));
        await second.EventuallyAsync(async () =>
            (await new BotClient(second.CreateClient()).AskAsync("frobnicate wibblewobble")).CitedTitle() == "What an infusion feels like",
            "the second instance to answer the attached phrasing");

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (status, file) = await staff.GetAsync("/staff/insights/phrasings/how-it-feels.md");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("---\nid: how-it-feels", file);
        Assert.Contains("\n  - \"frobnicate wibblewobble\"\n", file);
    }

    [Fact]
    public async Task KeptQuestionsLoseTheirContactDetails()
    {
        await using var app = await StartAsync();
        var chat = new BotClient(app.CreateClient());
        await chat.AskAsync("zorblax quibble frampton jo.smith@example.com 415-555-0199");
        var kept = await app.UnansweredContainingAsync("zorblax");
        var all = kept.GetRawText();
        Assert.DoesNotContain("jo.smith@example.com", all);
        Assert.DoesNotContain("555-0199", all);
        Assert.Contains("[email]", kept.GetProperty("question").GetString());
        Assert.Contains("[phone]", kept.GetProperty("question").GetString());
        var stored = string.Join("\n", (await backend.QueryAsync(app, "SELECT question FROM insights_questions UNION ALL SELECT text FROM insights_examples")).Select(r => r[0]));
        Assert.DoesNotContain("jo.smith", stored);
    }

    [Fact]
    public async Task NearDuplicateQuestionsAreOneGroupWithACountAndExamples()
    {
        await using var app = await StartAsync();
        await new BotClient(app.CreateClient()).AskAsync("does the clinic validate zorblax parking tickets");
        await new BotClient(app.CreateClient()).AskAsync("do you validate zorblax parking tickets at the clinic?");
        await new BotClient(app.CreateClient()).AskAsync("xqzv plorb");
        await app.EventuallyAsync(async () => (await app.UnansweredAsync()).Sum(i => i.GetProperty("count").GetInt32()) == 3, "three kept questions");

        var items = await app.UnansweredAsync();
        Assert.Equal(2, items.Length);
        var parking = items[0];
        Assert.Equal(2, parking.GetProperty("count").GetInt32());
        Assert.Equal(2, parking.GetProperty("examples").GetArrayLength());
        Assert.Contains("parking", parking.GetProperty("question").GetString());
        Assert.True(parking.GetProperty("lastSeen").GetDateTimeOffset() >= parking.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal("xqzv plorb", items[1].GetProperty("question").GetString());

        var dismissed = await app.ApiClient().PostAsync($"/api/insights/unanswered/{items[1].GetProperty("id").GetString()}/dismiss", null);
        Assert.Equal(HttpStatusCode.NoContent, dismissed.StatusCode);
        Assert.Single(await app.UnansweredAsync());

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (status, page) = await staff.GetAsync("/staff/insights/unanswered");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("asked 2×", page);
        var done = await staff.SubmitAsync("/staff/insights/unanswered", $"/staff/insights/unanswered/{parking.GetProperty("id").GetString()}/dismiss");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Empty(await app.UnansweredAsync());

        // The dismissed wording asked again by two visitors: a new group, counted twice, its words kept once.
        await new BotClient(app.CreateClient()).AskAsync("xqzv plorb");
        await new BotClient(app.CreateClient()).AskAsync("xqzv plorb");
        await app.EventuallyAsync(async () => (await app.UnansweredAsync()).Sum(i => i.GetProperty("count").GetInt32()) == 2, "the wording counted again");
        var again = Assert.Single(await app.UnansweredAsync());
        Assert.Equal("xqzv plorb", again.GetProperty("question").GetString());
        Assert.NotEqual(items[1].GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, again.GetProperty("examples").GetArrayLength());
    }

    [Fact]
    public async Task TheDashboardsNumbersMatchAScriptedSetOfConversations()
    {
        await using var app = await StartAsync();
        async Task<BotClient> Conversation(params string[] messages)
        {
            var chat = new BotClient(app.CreateClient());
            foreach (var message in messages)
            {
                await chat.SayAsync(message);
            }
            return chat;
        }
        await Conversation("what does an infusion feel like", "Not helpful");
        await Conversation("xqzv plorb", "will i trip on it");
        await Conversation("i want to kill myself");
        await Conversation("how much does it cost");
        await Conversation("book a free assessment");
        var request = await app.SubmitAsync(Submission());
        (await app.ApiClient().PatchAsJsonAsync($"/api/handoffs/{request.Id}", new { status = "contacted" })).EnsureSuccessStatusCode();

        var writer = app.Services.GetRequiredService<Bot.Insights.InsightsWriter>();
        // 7 message turns, 1 vote.
        for (var i = 0; i < 100 && writer.Written < 8; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(writer.Written == 8, $"{writer.Written} written: {(await app.SummaryAsync()).GetRawText()}");
        var summary = await app.SummaryAsync();
        Assert.True(summary.GetProperty("conversations").GetInt32() == 5, summary.GetRawText());
        Assert.Equal(2, summary.GetProperty("answered").GetInt32());
        Assert.Equal(1, summary.GetProperty("declined").GetInt32());
        Assert.Equal(1, summary.GetProperty("unanswered").GetInt32());
        Assert.Equal(0, summary.GetProperty("clarified").GetInt32());
        Assert.Equal(1, summary.GetProperty("crisisRepliesShown").GetInt32());
        Assert.Equal(1, summary.GetProperty("feedback").GetProperty("notHelpful").GetInt32());
        Assert.Equal(["how-it-feels", "k-hole-hallucinations"],
            summary.GetProperty("topTopics").EnumerateArray().Select(t => t.GetProperty("entryId").GetString()).Order());
        var intake = summary.GetProperty("intake");
        Assert.Equal(1, intake.GetProperty("started").GetInt32());
        Assert.Equal(1, intake.GetProperty("completed").GetInt32());
        Assert.Equal(1, intake.GetProperty("contacted").GetInt32());
        Assert.Equal(0, intake.GetProperty("scheduled").GetInt32());
        Assert.Equal("Name", Assert.Single(intake.GetProperty("abandonedAt").EnumerateArray()).GetProperty("step").GetString());
        Assert.InRange(summary.GetProperty("medianHoursToFirstContact").GetDouble(), 0, 0.1);

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (status, page) = await staff.GetAsync("/staff/insights");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<dt>Conversations</dt><dd>5</dd>", page);
        Assert.Contains("<dt>Crisis replies shown</dt><dd>1</dd>", page);
        Assert.Contains("0% (0 of 1 votes)", page);
        Assert.Contains("<svg role=\"img\"", page);
        Assert.Contains("<td>Answered</td><td>2</td>", page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();
}

public sealed class SqliteUnansweredQuestionsTests() : UnansweredQuestionsTests(new SqliteBackend());

public sealed class PostgreSqlUnansweredQuestionsTests() : UnansweredQuestionsTests(new PostgreSqlBackend());
