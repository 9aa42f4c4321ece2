using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Insights;
using Bot.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

/// <summary>Erasing one visitor's data on request, through POST /api/erasure and the inbox, on SQLite and PostgreSQL.</summary>
public abstract class ErasureTests(TestBackend backend) : IAsyncLifetime
{
    private async Task<BotApplication> StartAsync() => new(Settings([.. await backend.SettingsAsync(),
        // A webhook that is never reached: each request keeps a pending outbox job.
        ("Handoff:Webhook:Url", "http://127.0.0.1:9/hook"), ("Handoff:Webhook:Secret", "k"), ("Handoff:DispatcherStartDelay", "01:00:00")]));

    [Fact]
    public async Task ErasureByEmailDeletesEveryRequestWithItsTranscriptNotesAndJobsAndAuditsOnlyTheReference()
    {
        await using var app = await StartAsync();
        var visitor = Submission("a1b2c3d4");
        var first = await app.SubmitAsync(visitor);
        var api = app.ApiClient();
        (await api.PatchAsJsonAsync($"/api/handoffs/{first.Id}", new { status = "closed" })).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<HandoffStore>().AddNoteAsync(first.Id, StaffUser, "left a voicemail", CancellationToken.None);
        // The same visitor again with another phone: the first is closed, so this is a second request.
        var second = await app.SubmitAsync(Submission("e5f6a7b8") with { Email = visitor.Email, Name = visitor.Name });
        var other = await app.SubmitAsync(Submission("c9d0e1f2"));
        Assert.True(second.Created && other.Created);
        var ciphertexts = (await backend.QueryAsync(app, $"SELECT name_enc, transcript_enc FROM handoff_requests WHERE id <> '{other.Id}'"))
            .SelectMany(r => r).Cast<string>().ToList();
        Assert.Equal(4, ciphertexts.Count);
        if (backend is SqliteBackend)
        {
            var before = TestBackend.DataFolderContent(app);
            Assert.All(ciphertexts, c => Assert.Contains(c, before));
        }

        var response = await api.PostAsJsonAsync("/api/erasure", new { email = "  " + visitor.Email!.ToUpperInvariant() + " " });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());

        Assert.Equal([other.Id.ToString()], (await backend.QueryAsync(app, "SELECT id FROM handoff_requests")).Select(r => (string)r[0]!));
        Assert.Equal(0, await backend.CountAsync(app, $"SELECT COUNT(*) FROM outbox WHERE request_id <> '{other.Id}'"));
        Assert.Equal(1, await backend.CountAsync(app, $"SELECT COUNT(*) FROM outbox WHERE request_id = '{other.Id}'"));
        Assert.Equal(0, await backend.CountAsync(app, "SELECT COUNT(*) FROM staff_notes"));
        var erased = await backend.QueryAsync(app, "SELECT actor, action, request_id, detail FROM audit_log WHERE action = 'erased' ORDER BY detail");
        Assert.Equal(new[] { first.Reference, second.Reference }.Order(), erased.Select(r => (string)r[3]!).Order());
        Assert.All(erased, r => Assert.Matches("^api-key:[0-9a-f]{8}$", (string)r[0]!));
        var audit = string.Join("\n", (await backend.QueryAsync(app, "SELECT actor, action, detail FROM audit_log")).SelectMany(r => r));
        foreach (var value in SensitiveValues(visitor).Append(visitor.Email!.ToUpperInvariant()))
        {
            Assert.DoesNotContain(value, audit);
        }
        if (backend is SqliteBackend)
        {
            // Not even the encrypted copies stay behind in the file, its free pages or its WAL.
            var folder = TestBackend.DataFolderContent(app);
            Assert.All(ciphertexts, c => Assert.DoesNotContain(c, folder));
        }

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (_, inbox) = await staff.GetAsync("/staff");
        Assert.Contains(other.Reference, inbox);
        Assert.DoesNotContain(first.Reference, inbox);
        Assert.DoesNotContain(second.Reference, inbox);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/staff/requests/{first.Id}")).Status);
    }

    [Theory]
    [InlineData("({0}) {1}-{2}")]
    [InlineData("+1{0}{1}{2}")]
    [InlineData("1-{0}-{1}-{2}")]
    public async Task ErasureByPhoneFindsTheNumberWrittenAnyWay(string format)
    {
        await using var app = await StartAsync();
        var visitor = Submission("a1b2c3d4");
        var other = await app.SubmitAsync(Submission("c9d0e1f2"));
        await app.SubmitAsync(visitor);
        var digits = visitor.Phone![2..];
        var typed = string.Format(format, digits[..3], digits[3..6], digits[6..]);

        var response = await app.ApiClient().PostAsJsonAsync("/api/erasure", new { phone = typed });
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.Equal([other.Id.ToString()], (await backend.QueryAsync(app, "SELECT id FROM handoff_requests")).Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData(null, """{"email": "zelda.a1b2c3d4@visitor.example"}""", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", """{"email": "zelda.a1b2c3d4@visitor.example"}""", HttpStatusCode.Unauthorized)]
    [InlineData(ApiKey, """{"name": "Zelda"}""", HttpStatusCode.BadRequest)]
    [InlineData(ApiKey, """{"email": "  "}""", HttpStatusCode.BadRequest)]
    [InlineData(ApiKey, "not json", HttpStatusCode.BadRequest)]
    public async Task ErasureWithoutAKeyOrWithoutAContactErasesNothing(string? key, string body, HttpStatusCode expected)
    {
        await using var app = await StartAsync();
        var receipt = await app.SubmitAsync(Submission("a1b2c3d4"));

        var response = await app.ApiClient(key).PostAsync("/api/erasure", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(1, await backend.CountAsync(app, $"SELECT COUNT(*) FROM handoff_requests WHERE id = '{receipt.Id}'"));
        Assert.Equal(0, await backend.CountAsync(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'erased'"));
    }

    [Fact]
    public async Task StaffEraseFromTheInboxAfterConfirming()
    {
        await using var app = await StartAsync();
        var visitor = Submission("a1b2c3d4");
        var receipt = await app.SubmitAsync(visitor);
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        Assert.Contains("/staff/erasure", (await staff.GetAsync("/staff")).Html);

        var confirm = await staff.SubmitAsync("/staff/erasure", "/staff/erasure", ("email", visitor.Email!), ("phone", ""));
        var page = await confirm.Content.ReadAsStringAsync();
        Assert.Contains(receipt.Reference, page);
        Assert.Contains("Erase permanently", page);
        Assert.Equal(1, await backend.CountAsync(app, "SELECT COUNT(*) FROM handoff_requests"));

        var done = await staff.SubmitAsync("/staff/erasure", "/staff/erasure/confirm", ("email", visitor.Email!), ("phone", ""));
        Assert.Contains("1 request(s) deleted", await done.Content.ReadAsStringAsync());
        Assert.Equal(0, await backend.CountAsync(app, "SELECT COUNT(*) FROM handoff_requests"));
        var audit = Assert.Single(await backend.QueryAsync(app, "SELECT actor, detail FROM audit_log WHERE action = 'erased'"));
        Assert.Equal((StaffUser, receipt.Reference), ((string)audit[0]!, (string)audit[1]!));
        Assert.DoesNotContain(receipt.Reference, (await staff.GetAsync("/staff")).Html);
    }

    [Fact]
    public async Task RequestsStoredBeforeTheContactIndexAreFoundToo()
    {
        await using var app = await StartAsync();
        var visitor = Submission("a1b2c3d4");
        await app.SubmitAsync(visitor);
        await using (var connection = backend.Connect(app))
        {
            // What a request stored by schema version 1 looks like: no keyed hashes yet.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE handoff_requests SET phone_hash = NULL, email_hash = NULL";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var response = await app.ApiClient().PostAsJsonAsync("/api/erasure", new { email = visitor.Email });
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        Assert.Equal(0, await backend.CountAsync(app, "SELECT COUNT(*) FROM handoff_requests"));
    }

    [Fact]
    public async Task ADatabaseAtSchemaVersion1IsMigratedAndItsRequestsIndexedAtStartUp()
    {
        await using var first = await StartAsync();
        var visitor = Submission("a1b2c3d4");
        await first.SubmitAsync(visitor);
        await using (var connection = backend.Connect(first))
        {
            // Back to what version 1 left: no hash columns, no indexes on them, no staff sessions, version 1 recorded.
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "DROP INDEX ix_handoff_requests_phone_hash", "DROP INDEX ix_handoff_requests_email_hash", "DROP INDEX ix_handoff_requests_conversation",
                "DROP INDEX ix_handoff_requests_client_hash", "DROP INDEX ix_handoff_requests_retention",
                "ALTER TABLE handoff_requests DROP COLUMN phone_hash", "ALTER TABLE handoff_requests DROP COLUMN email_hash",
                "ALTER TABLE handoff_requests DROP COLUMN client_hash", "DROP TABLE staff_sessions",
                // The insights tables stay (their script says IF NOT EXISTS), but not the column a later script adds.
                "DROP INDEX ix_insights_examples_conversation", "ALTER TABLE insights_examples DROP COLUMN conversation_id",
                "DELETE FROM schema_version WHERE version >= 2",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        // A newer instance starts on that database (and, for SQLite, the same data folder and keys).
        await using var second = new BotApplication(Settings([.. await ReuseSettingsAsync(), ("Storage:DataPath", first.DataPath)]));
        _ = second.Services;
        // The hash columns exist only once the migration has run, so wait for its recorded version first.
        await WaitUntilAsync(async () => await backend.CountAsync(first, "SELECT MAX(version) FROM schema_version") >= 3,
            TimeSpan.FromSeconds(20), "the migration to schema version 3 (and past it on PostgreSQL)");
        await WaitUntilAsync(async () => await backend.CountAsync(first, "SELECT COUNT(*) FROM handoff_requests WHERE phone_hash IS NOT NULL AND email_hash IS NOT NULL") == 1,
            TimeSpan.FromSeconds(20), "the start-up pass to index the request");

        var response = await second.ApiClient().PostAsJsonAsync("/api/erasure", new { phone = visitor.Phone![2..] });
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
    }

    [Fact]
    public async Task TurnsStoredOneByOneBeforeTheDailyCountsAreCountedOverAndOnlyTheOnesStaffNeedStay()
    {
        await using var first = await StartAsync();
        await first.SummaryAsync(); // the database is there and migrated
        var at = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        await using (var connection = backend.Connect(first))
        {
            // What the previous schema kept: a row for every turn, and no daily counts.
            await connection.OpenAsync();
            var rows = new[] { ("c1", "answered", "'how-it-feels'"), ("c1", "answered", "'how-it-feels'"), ("c2", "answered", "'how-it-feels'"), ("c2", "crisis", "NULL"), ("c3", "fallback", "NULL") };
            var statements = rows.Select((r, i) => $"INSERT INTO insights_turns (id, at, conversation_id, kind, entry_id) VALUES ('old{i}', {at + i}, '{r.Item1}', '{r.Item2}', {r.Item3})")
                .Concat(["DROP TABLE insights_daily", "DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)"]);
            foreach (var sql in statements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var second = new BotApplication(Settings([.. await ReuseSettingsAsync(), ("Storage:DataPath", first.DataPath)]));
        _ = second.Services;
        await WaitUntilAsync(async () => await backend.CountAsync(first, "SELECT COUNT(*) FROM insights_turns") == 1,
            TimeSpan.FromSeconds(20), "the migration to daily counts");
        var summary = await second.SummaryAsync();
        Assert.True(summary.GetProperty("conversations").GetInt32() == 3 && summary.GetProperty("answered").GetInt32() == 3
            && summary.GetProperty("crisisRepliesShown").GetInt32() == 1 && summary.GetProperty("unanswered").GetInt32() == 1, summary.GetRawText());
        Assert.Equal(3, summary.GetProperty("topTopics")[0].GetProperty("count").GetInt32());
        Assert.Equal([["c3", "fallback"]], (await backend.QueryAsync(first, "SELECT conversation_id, kind FROM insights_turns")).Select(r => r.Select(v => (string)v!).ToArray()));
    }

    [Fact]
    public async Task ErasureTakesTheVisitorsWordingsVotesAndTurnsOutOfTheInsights()
    {
        await using var app = new BotApplication(InsightsTestKit.InsightsSettings([.. await backend.SettingsAsync()]));
        var visitor = new BotClient(app.CreateClient());
        var bystander = new BotClient(app.CreateClient());
        await visitor.AskAsync("does the clinic validate zorblax parking tickets");
        await bystander.AskAsync("do you validate zorblax parking tickets at the clinic?");
        await visitor.AskAsync("what are your opening hours");
        await visitor.SayAsync("Not helpful");
        foreach (var text in new[] { "how do I sign up", "I'm Orla Vantongeren, orla.v@mail.example, 415 555 0144", "Text", "weekday evenings",
            "Anxiety", "yes", "yes" })
        {
            await visitor.SayAsync(text);
        }
        Assert.Contains("reference number", string.Join("\n", (await visitor.SayAsync("Confirm and send")).Select(r => r.Text())));
        await app.EventuallyAsync(async () => (await app.UnansweredAsync()).Sum(i => i.GetProperty("count").GetInt32()) == 3
            // Ten of its eleven turns are kept one by one (questions worth a look, the form's steps); the other is only counted.
            && await backend.CountAsync(app, $"SELECT COUNT(*) FROM insights_turns WHERE conversation_id = '{visitor.ConversationId}'") == 10,
            "the visitor's turns, vote and questions in the insights");
        var parkingGroup = (await app.UnansweredAsync()).Single(i => i.GetProperty("count").GetInt32() == 2);
        Assert.Equal("does the clinic validate zorblax parking tickets", parkingGroup.GetProperty("question").GetString());

        var response = await app.ApiClient().PostAsJsonAsync("/api/erasure", new { email = "orla.v@mail.example" });
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());

        // The bystander's wording now stands for the group they share; the visitor's own group is gone.
        var left = Assert.Single(await app.UnansweredAsync());
        Assert.Equal("do you validate zorblax parking tickets at the clinic?", left.GetProperty("question").GetString());
        Assert.Equal(["do you validate zorblax parking tickets at the clinic?"], left.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        var kept = string.Join("\n", (await backend.QueryAsync(app,
            "SELECT question FROM insights_questions UNION ALL SELECT text FROM insights_examples UNION ALL SELECT question FROM insights_votes")).Select(r => r[0]));
        Assert.DoesNotContain("does the clinic validate", kept);
        Assert.DoesNotContain("opening hours", kept);
        foreach (var table in new[] { "insights_turns", "insights_votes", "insights_examples" })
        {
            Assert.Equal(0, await backend.CountAsync(app, $"SELECT COUNT(*) FROM {table} WHERE conversation_id = '{visitor.ConversationId}'"));
        }
        Assert.Equal(1, await backend.CountAsync(app, $"SELECT COUNT(*) FROM insights_turns WHERE conversation_id = '{bystander.ConversationId}'"));
    }

    /// <summary>The settings of the database the last <see cref="StartAsync"/> created, for a second instance.</summary>
    private Task<(string Key, string? Value)[]> ReuseSettingsAsync() => Task.FromResult(backend.LastSettings);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();
}

public sealed class SqliteErasureTests() : ErasureTests(new SqliteBackend());

public sealed class PostgreSqlErasureTests() : ErasureTests(new PostgreSqlBackend());

/// <summary>What the chat itself still holds of an erased visitor's conversation.</summary>
public class ErasureForgetsTheChatTests
{
    [Fact]
    public async Task ErasureDropsTheDirectLineTranscriptOfTheVisitorsConversation()
    {
        await using var app = DirectLine.DirectLineTestClient.CreateApp(Settings().ToDictionary());
        var visitor = new DirectLine.DirectLineTestClient(app);
        await visitor.StartAsync();
        var bystander = new DirectLine.DirectLineTestClient(app);
        await bystander.StartAsync();
        await bystander.PostMessageAsync("what are your opening hours");
        var n = 0;
        foreach (var text in new[] { "how do I sign up", "I'm Orla Vantongeren, orla.v@mail.example, 415 555 0144", "Text", "weekday evenings",
            "Anxiety", "yes", "yes", "Confirm and send" })
        {
            await visitor.PostMessageAsync(text, $"client-{n++}");
        }
        var (activities, _) = await visitor.GetActivitiesAsync();
        Assert.Contains(activities, a => ((string?)a!["text"])?.Contains("reference number") == true);
        Assert.Contains(activities, a => ((string?)a!["text"])?.Contains("orla.v@mail.example") == true);

        var response = await app.ApiClient().PostAsJsonAsync("/api/erasure", new { email = "orla.v@mail.example" });
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());

        var gone = await visitor.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{visitor.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.NotEmpty((await bystander.GetActivitiesAsync()).Activities);
    }
}
