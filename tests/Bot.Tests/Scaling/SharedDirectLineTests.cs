using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Bot.DirectLine;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Scaling;

/// <summary>
/// Direct Line on two instances sharing one PostgreSQL database: a visitor's token, posts, polls and stream may
/// each land on a different instance, as behind a round-robin load balancer, and every reply reaches them once.
/// </summary>
public sealed class SharedDirectLineTests : IAsyncLifetime
{
    private readonly PostgreSqlBackend backend = new();
    private BotApplication a = null!;
    private BotApplication b = null!;

    public async Task InitializeAsync()
    {
        // No DirectLine:Secret configured: the first instance makes one and the second reads it from the database.
        a = new BotApplication((await backend.SettingsAsync()).ToDictionary(s => s.Key, s => s.Value));
        a.CreateClient().Dispose();
        b = new BotApplication(backend.LastSettings.ToDictionary(s => s.Key, s => s.Value));
        b.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await a.DisposeAsync();
        await b.DisposeAsync();
        await backend.DisposeAsync();
    }

    private string Secret => a.Services.GetRequiredService<DirectLineKeys>().Secret;

    [Fact]
    public async Task AConversationStartedOnOneInstanceIsPostedToAndReadOnTheOther()
    {
        Assert.Equal(Secret, b.Services.GetRequiredService<DirectLineKeys>().Secret);
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(Secret);
        var onB = onA.On(b);

        var id = await onB.PostMessageAsync("what does an infusion feel like");

        var (activities, _) = await onA.WaitForBotMessageAsync();
        var texts = activities.Select(x => (string?)x!["text"]).ToList();
        Assert.Contains("what does an infusion feel like", texts);
        var reply = Assert.Single(activities, x => (string?)x!["replyToId"] == id);
        Assert.Contains("infusion", (string)reply!["text"]!, StringComparison.OrdinalIgnoreCase);
        // Both instances read one transcript: same ids, same order.
        var (fromB, _) = await onB.GetActivitiesAsync();
        Assert.Equal(activities.Select(x => (string?)x!["id"]), fromB.Select(x => (string?)x!["id"]));
    }

    [Fact]
    public async Task RepliesMadeOnEitherInstanceReachAStreamHeldByOneOfThemInOrderAndOnce()
    {
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(Secret);
        var onB = onA.On(b);
        using var socket = await onA.ConnectAsync(onA.StreamUrl);
        var received = new List<JsonNode>();

        string[] questions = ["is ketamine safe", "how long does an infusion take", "what are the side effects"];
        for (var i = 0; i < questions.Length; i++)
        {
            var poster = i % 2 == 0 ? onB : onA;
            var id = await poster.PostMessageAsync(questions[i], $"client-{i}");
            await ReceiveUntilAsync(socket, received, x => (string?)x["replyToId"] == id && (string?)x["type"] == "message");
        }

        var stored = received.Where(x => (string?)x["type"] != "typing").ToList();
        var ids = stored.Select(x => (string)x["id"]!).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(questions, q => Assert.Single(stored, x => (string?)x["text"] == q));
        // What the stream sent is the whole transcript after the welcome, as a poll on either instance reads it.
        var (all, _) = await onB.GetActivitiesAsync();
        Assert.Equal(all.Select(x => (string)x!["id"]!).Where(ids.Contains), ids);
    }

    [Fact]
    public async Task TranscriptsAreEncryptedAtRestAndErasedWithTheConversation()
    {
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(Secret);
        await onA.On(b).PostMessageAsync("my email is wren.castellanos@mail.example");
        await onA.WaitForBotMessageAsync();
        var rows = await backend.QueryAsync(a, $"SELECT activity_enc FROM directline_activities WHERE conversation_id = '{onA.ConversationId}'");
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.DoesNotContain("wren", (string)r[0]!, StringComparison.OrdinalIgnoreCase));

        await b.Services.GetRequiredService<ITranscriptStore>().RemoveAsync(onA.ConversationId, CancellationToken.None);

        Assert.Equal(0, await backend.CountAsync(a, $"SELECT COUNT(*) FROM directline_activities WHERE conversation_id = '{onA.ConversationId}'"));
        var gone = await onA.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{onA.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task ReceiveUntilAsync(WebSocket socket, List<JsonNode> received, Func<JsonNode, bool> done)
    {
        while (true)
        {
            var frame = await DirectLineTestClient.ReceiveFrameAsync(socket, TimeSpan.FromSeconds(20));
            foreach (var activity in frame["activities"]!.AsArray())
            {
                received.Add(activity!);
                if (done(activity!))
                {
                    return;
                }
            }
        }
    }
}
