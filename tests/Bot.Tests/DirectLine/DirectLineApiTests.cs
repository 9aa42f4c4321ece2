using System.Net;
using System.Text.Json.Nodes;

namespace Bot.Tests.DirectLine;

public class DirectLineApiTests
{
    [Fact]
    public async Task StartingAConversationAnswers201WithTokenAndStreamUrlAnd200WhenItExists()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);

        var first = await client.StartAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal(1800, (int)body["expires_in"]!);
        Assert.StartsWith($"ws://localhost/v3/directline/conversations/{client.ConversationId}/stream?t=", client.StreamUrl);
        Assert.DoesNotContain(DirectLineTestClient.Secret, await first.Content.ReadAsStringAsync());
        var again = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", "{}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(client.ConversationId, (string)(await DirectLineTestClient.Json(again, HttpStatusCode.OK))["conversationId"]!);
    }

    [Fact]
    public async Task WelcomeArrivesBeforeTheVisitorTypesAndConversationUpdateStaysHidden()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        var (activities, watermark) = await client.WaitForBotMessageAsync();

        var welcome = Assert.Single(activities, a => (string?)a!["type"] == "message");
        Assert.Equal("bot", (string?)welcome!["from"]!["role"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)welcome["text"]));
        Assert.StartsWith(client.ConversationId + "|", (string)welcome["id"]!);
        Assert.DoesNotContain(activities, a => (string?)a!["type"] == "conversationUpdate");
        Assert.NotNull(watermark);
    }

    [Fact]
    public async Task PostedMessageIsEchoedWithIdTimestampAndClientActivityIdThenAnswered()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        var (_, afterWelcome) = await client.WaitForBotMessageAsync();

        var id = await client.PostMessageAsync("what does an infusion feel like", "cid-42");
        var (activities, watermark) = await client.GetActivitiesAsync(afterWelcome);

        Assert.Matches($"^{client.ConversationId}\\|\\d{{7}}$", id);
        var echo = activities[0]!;
        Assert.Equal(id, (string)echo["id"]!);
        Assert.Equal("cid-42", (string)echo["channelData"]!["clientActivityID"]!);
        Assert.Equal("user", (string)echo["from"]!["role"]!);
        Assert.Equal("dl_visitor1", (string)echo["from"]!["id"]!);
        Assert.Equal("what does an infusion feel like", (string)echo["text"]!);
        var reply = Assert.Single(activities.Skip(1), a => (string?)a!["type"] == "message");
        Assert.Equal("bot", (string)reply!["from"]!["role"]!);
        Assert.Equal(id, (string)reply["replyToId"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)reply["text"]));
        var timestamps = activities.Select(a => DateTimeOffset.Parse((string)a!["timestamp"]!)).ToList();
        Assert.Equal(timestamps.Order(), timestamps);
        Assert.Equal(timestamps.Count, timestamps.Distinct().Count());
        Assert.True(long.Parse(watermark!) > long.Parse(afterWelcome ?? "-1"));

        var (nothingNew, sameMark) = await client.GetActivitiesAsync(watermark);
        Assert.Empty(nothingNew);
        Assert.Equal(watermark, sameMark);
    }

    [Fact]
    public async Task StreamReplaysTheTranscriptThenPushesTypingEchoAndReplyLive()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        await client.WaitForBotMessageAsync();
        using var socket = await client.ConnectAsync(client.StreamUrl);

        var replay = await DirectLineTestClient.ReceiveFrameAsync(socket);
        Assert.Contains(replay["activities"]!.AsArray(), a => (string?)a!["from"]!["role"] == "bot");

        var id = await client.PostMessageAsync("hello there", "cid-live");
        var live = new List<JsonNode>();
        while (!live.Any(a => (string?)a["type"] == "message" && (string?)a["replyToId"] == id))
        {
            var frame = await DirectLineTestClient.ReceiveFrameAsync(socket);
            live.AddRange(frame["activities"]!.AsArray().Select(a => a!));
        }

        Assert.Equal(id, (string?)live.First(a => (string?)a["type"] == "message")["id"]);
        Assert.Contains(live, a => (string?)a["type"] == "typing" && (string?)a["from"]!["role"] == "bot");
        Assert.Equal(live.Count(a => (string?)a["type"] == "message"), live.Where(a => (string?)a["type"] == "message").Select(a => (string?)a["id"]).Distinct().Count());
    }

    [Fact]
    public async Task ReconnectingWithAWatermarkDeliversOnlyWhatWasMissed()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        var (_, seen) = await client.WaitForBotMessageAsync();
        var missedId = await client.PostMessageAsync("is it safe", "cid-missed");

        var reconnect = await DirectLineTestClient.Json(
            await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}?watermark={seen}"), HttpStatusCode.OK);
        var streamUrl = (string)reconnect["streamUrl"]!;
        Assert.Contains($"watermark={seen}&", streamUrl);
        using var socket = await client.ConnectAsync(streamUrl);
        var frame = await DirectLineTestClient.ReceiveFrameAsync(socket);

        var ids = frame["activities"]!.AsArray().Select(a => (string)a!["id"]!).ToList();
        Assert.Equal(missedId, ids[0]);
        Assert.All(ids, i => Assert.True(long.Parse(i.Split('|')[1]) > long.Parse(seen!)));
        Assert.Equal(ids[^1].Split('|')[1].TrimStart('0'), (string)frame["watermark"]!);
    }

    [Fact]
    public async Task RefreshedTokenKeepsTheConversationWorking()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        var refreshed = await DirectLineTestClient.Json(await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh"), HttpStatusCode.OK);
        client.Token = (string)refreshed["token"]!;

        Assert.Equal(client.ConversationId, (string)refreshed["conversationId"]!);
        var id = await client.PostMessageAsync("still there?");
        Assert.StartsWith(client.ConversationId, id);
    }

    [Fact]
    public async Task ParallelPostsToOneConversationAreAllStoredInOrderWithUniqueIds()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        var (_, afterWelcome) = await client.WaitForBotMessageAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PostMessageAsync($"question {i} about side effects", $"cid-{i}")));
        var (activities, _) = await client.GetActivitiesAsync(afterWelcome);

        Assert.Equal(8, ids.Distinct().Count());
        var all = activities.Select(a => (string)a!["id"]!).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        foreach (var id in ids)
        {
            // Turns are serialized per conversation: each echo is followed by its own answer.
            var at = all.IndexOf(id);
            Assert.Equal(id, (string?)activities[at + 1]!["replyToId"]);
        }
    }
}
