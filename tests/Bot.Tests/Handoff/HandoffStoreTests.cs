using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bot.Handoff;
using Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

/// <summary>The store, through the service and the staff API, on SQLite and on PostgreSQL (subclasses below).</summary>
public abstract class HandoffStoreTests
{
    /// <summary>Settings that point the app at this provider's (fresh) database.</summary>
    protected abstract Task<(string Key, string? Value)[]> DatabaseSettingsAsync();

    /// <summary>Everything the database holds, as text, to search for clear-text values.</summary>
    protected abstract Task<string> RawContentAsync(BotApplication app, string dataPath);

    private async Task<BotApplication> StartAsync(params (string, string?)[] extra) =>
        new(Settings([.. await DatabaseSettingsAsync(), .. extra]));

    [Fact]
    public async Task SubmittedRequestIsListedThroughTheStaffApiWithExactFields()
    {
        await using var app = await StartAsync();
        var submission = Submission();
        var receipt = await app.SubmitAsync(submission);
        Assert.True(receipt.Created);
        Assert.Matches("^KC-[2-9A-Z]{5}$", receipt.Reference);

        var list = await app.ApiClient().GetJsonAsync("/api/handoffs");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(
            ["id", "reference", "createdAt", "status", "urgent", "name", "phone", "email", "preferredContact", "bestTime", "reason", "consentAt", "conversationId"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(receipt.Id.ToString(), item.GetProperty("id").GetString());
        Assert.Equal(receipt.Reference, item.GetProperty("reference").GetString());
        Assert.Equal("new", item.GetProperty("status").GetString());
        Assert.False(item.GetProperty("urgent").GetBoolean());
        Assert.Equal(submission.Name, item.GetProperty("name").GetString());
        Assert.Equal(submission.Phone, item.GetProperty("phone").GetString());
        Assert.Equal(submission.Email, item.GetProperty("email").GetString());
        Assert.Equal("text", item.GetProperty("preferredContact").GetString());
        Assert.Equal(submission.BestTime, item.GetProperty("bestTime").GetString());
        Assert.Equal("depression", item.GetProperty("reason").GetString());
        Assert.Equal(submission.ConsentAt.ToUnixTimeMilliseconds(), item.GetProperty("consentAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(submission.ConversationId, item.GetProperty("conversationId").GetString());

        var detail = await app.ApiClient().GetJsonAsync($"/api/handoffs/{receipt.Id}");
        var transcript = detail.GetProperty("transcript").EnumerateArray().ToList();
        Assert.Equal(2, transcript.Count);
        Assert.Equal("visitor", transcript[0].GetProperty("from").GetString());
        Assert.Equal(submission.Transcript[0].Text, transcript[0].GetProperty("text").GetString());
        Assert.Equal(submission.Transcript[1].Timestamp, transcript[1].GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task ConfirmingTwiceCreatesOneRequest()
    {
        await using var app = await StartAsync(("Handoff:Webhook:Url", "http://127.0.0.1:9/hook"), ("Handoff:Webhook:Secret", "k"), ("Handoff:DispatcherStartDelay", "01:00:00"));
        var submission = Submission();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.SubmitAsync(submission)));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Equal(1, results.Count(r => r.Created));
        Assert.Single((await app.ApiClient().GetJsonAsync("/api/handoffs")).GetProperty("items").EnumerateArray());
        var store = app.Services.GetRequiredService<HandoffStore>();
        Assert.Single(await store.DeliveriesAsync(results[0].Id, CancellationToken.None));
    }

    [Fact]
    public async Task UrgentRequestsComeFirstThenNewestFirstAndStatusFilters()
    {
        await using var app = await StartAsync();
        var older = await app.SubmitAsync(Submission());
        var urgent = await app.SubmitAsync(Submission(urgent: true));
        await Task.Delay(5);
        var newest = await app.SubmitAsync(Submission());
        var api = app.ApiClient();

        var ids = (await api.GetJsonAsync("/api/handoffs")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());
        Assert.Equal([urgent.Id, newest.Id, older.Id], ids);

        var patch = await api.PatchAsJsonAsync($"/api/handoffs/{older.Id}", new { status = "contacted" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("contacted", (await patch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var contacted = (await api.GetJsonAsync("/api/handoffs?status=contacted")).GetProperty("items").EnumerateArray();
        Assert.Equal([older.Id], contacted.Select(i => i.GetProperty("id").GetGuid()));
        var fresh = (await api.GetJsonAsync("/api/handoffs?status=new")).GetProperty("items").EnumerateArray();
        Assert.Equal([urgent.Id, newest.Id], fresh.Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task InvalidStatusAndUnknownIdsAreClearClientErrors()
    {
        await using var app = await StartAsync();
        var receipt = await app.SubmitAsync(Submission());
        var api = app.ApiClient();

        var bad = await api.PatchAsJsonAsync($"/api/handoffs/{receipt.Id}", new { status = "done" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("contacted", await bad.Content.ReadAsStringAsync());
        var notJson = await api.PatchAsync($"/api/handoffs/{receipt.Id}", new StringContent("status=closed", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/handoffs?status=whatever")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/handoffs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/handoffs/not-an-id")).StatusCode);
        Assert.Equal("new", (await api.GetJsonAsync($"/api/handoffs/{receipt.Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RequestIsWrittenWithOneDeliveryJobPerConfiguredChannel()
    {
        await using var app = await StartAsync(
            ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:To", "staff@clinic.test"),
            ("Handoff:Webhook:Url", "http://127.0.0.1:9/hook"), ("Handoff:Webhook:Secret", "k"), ("Handoff:DispatcherStartDelay", "01:00:00"));
        var receipt = await app.SubmitAsync(Submission());
        var deliveries = await app.Services.GetRequiredService<HandoffStore>().DeliveriesAsync(receipt.Id, CancellationToken.None);
        Assert.Equal(["email", "webhook"], deliveries.Select(d => d.Channel));
        Assert.All(deliveries, d => Assert.Equal(("pending", 0), (d.State, d.Attempts)));

        await using var inboxOnly = await StartAsync();
        var alone = await inboxOnly.SubmitAsync(Submission());
        Assert.Empty(await inboxOnly.Services.GetRequiredService<HandoffStore>().DeliveriesAsync(alone.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RequestsSurviveARestartOnTheSameDatabase()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "bot-tests", Guid.NewGuid().ToString("n"));
        var database = await DatabaseSettingsAsync();
        try
        {
            HandoffReceipt receipt;
            var submission = Submission();
            await using (var first = new BotApplication(Settings([.. database, ("Storage:DataPath", dataPath)])))
            {
                receipt = await first.SubmitAsync(submission);
            }
            await using var second = new BotApplication(Settings([.. database, ("Storage:DataPath", dataPath)]));
            var again = await second.SubmitAsync(submission);
            Assert.Equal((receipt.Id, false), (again.Id, again.Created));
            var detail = await second.ApiClient().GetJsonAsync($"/api/handoffs/{receipt.Id}");
            Assert.Equal(submission.Name, detail.GetProperty("name").GetString());
        }
        finally
        {
            // On PostgreSQL nothing is written to the data folder (keys included), so it may never have been made.
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    [Fact]
    public async Task DatabaseAloneRevealsNoContactDetails()
    {
        await using var app = await StartAsync();
        var submission = Submission();
        var receipt = await app.SubmitAsync(submission);
        await app.Services.GetRequiredService<HandoffStore>().AddNoteAsync(receipt.Id, "nurse", "Left voicemail for " + submission.Name, CancellationToken.None);

        var content = await RawContentAsync(app, app.DataPath);
        Assert.Contains(receipt.Reference, content);
        foreach (var value in SensitiveValues(submission))
        {
            Assert.DoesNotContain(value, content);
        }
    }
}

public sealed class SqliteHandoffStoreTests : HandoffStoreTests
{
    protected override Task<(string Key, string? Value)[]> DatabaseSettingsAsync() => Task.FromResult<(string, string?)[]>([]);

    protected override Task<string> RawContentAsync(BotApplication app, string dataPath)
    {
        // The database file and its WAL, byte for byte; the key ring sits apart in keys/.
        var files = Directory.GetFiles(dataPath, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(dataPath, "keys"), StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("bot.db", StringComparison.Ordinal));
        return Task.FromResult(string.Concat(files.Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Encoding.Latin1.GetString(memory.ToArray());
        })));
    }
}

public sealed class PostgreSqlHandoffStoreTests : HandoffStoreTests, IAsyncLifetime
{
    private readonly PostgresDatabases databases = new();
    private string? lastConnectionString;

    protected override async Task<(string Key, string? Value)[]> DatabaseSettingsAsync()
    {
        lastConnectionString = await databases.CreateAsync();
        return [("Storage:Provider", "PostgreSql"), ("ConnectionStrings:Bot", lastConnectionString)];
    }

    protected override async Task<string> RawContentAsync(BotApplication app, string dataPath)
    {
        var text = new StringBuilder();
        await using var connection = new NpgsqlConnection(lastConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "handoff_requests", "outbox", "staff_notes", "audit_log" })
        {
            await using var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }
        return text.ToString();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => databases.DisposeAsync().AsTask();
}
