using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Scaling;

/// <summary>
/// The deployment with the optional Redis: two published instances behind nginx as shipped, on one PostgreSQL,
/// with ConnectionStrings:Redis set, so news between instances and the rate limits' counts go through Redis.
/// </summary>
[Trait("Needs", "NativeBuild")]
public sealed class TwoInstancesBehindNginxWithRedisTests : IAsyncLifetime
{
    private const int MessagesPerMinute = 8;

    private TwoInstancesBehindNginx cluster = null!;

    public async Task InitializeAsync() => cluster = await TwoInstancesBehindNginx.StartAsync(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = SharedRedisTests.Server,
        ["Redis:Prefix"] = "test-" + Guid.NewGuid().ToString("n")[..12],
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:MessagesPerMinutePerAddress"] = MessagesPerMinute.ToString(),
    });

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task AVisitorThroughNginxGetsEveryReplyOnTheirStreamAndOneBudgetAcrossBothInstances()
    {
        // Redis unreachable would show here as "Degraded" (the instances fall back to PostgreSQL and their own counts).
        foreach (var instance in cluster.Instances)
        {
            Assert.Equal("Healthy", await instance.Http.GetStringAsync("/health"));
        }
        using var http = cluster.Nginx.CreateClient();
        var visitor = new DirectLineTestClient(null, http);
        await visitor.StartAsync(TwoInstancesBehindNginx.DirectLineSecret); // one message of the budget
        await using var socket = await SocketReader.ConnectAsync(new Uri(visitor.StreamUrl), cluster.Nginx);

        // Round-robin spreads the posts over both instances; one of them holds the stream.
        string[] questions = ["how long does an infusion take", "what are the side effects", "is it safe", "what does it feel like"];
        for (var i = 0; i < questions.Length; i++)
        {
            var id = await visitor.PostMessageAsync(questions[i], $"client-{i}");
            await WaitUntilAsync(() => Task.FromResult(socket.HasBotReplyTo(id)),
                TimeSpan.FromSeconds(20), $"the reply to \"{questions[i]}\" on the stream");
        }
        var postedTo = cluster.Nginx.AccessLog.Where(l => l.StartsWith("POST ") && l.Contains("/activities ")).Select(l => l.Split(' ')[^1]);
        Assert.Equal(2, postedTo.Distinct().Count());

        // Each instance alone has seen about half the budget; together they turn the visitor away past it.
        var statuses = new List<HttpStatusCode>();
        for (var spent = 1 + questions.Length; spent <= MessagesPerMinute; spent++)
        {
            var message = new JsonObject { ["type"] = "message", ["text"] = $"message {spent + 1}", ["from"] = new JsonObject { ["id"] = "r_page" } };
            using var response = await visitor.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{visitor.ConversationId}/activities", message.ToJsonString());
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, MessagesPerMinute - 1 - questions.Length), HttpStatusCode.TooManyRequests], statuses);
    }
}
