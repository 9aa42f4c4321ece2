using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Bot.DirectLine;
using Bot.Storage;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Tests.Scaling;

/// <summary>
/// Two instances on one PostgreSQL database with ConnectionStrings:Redis set, on the Redis ./test.sh starts
/// (BOT_TEST_REDIS): news between them travels by Redis pub/sub, and they count one rate limit budget per client.
/// </summary>
public sealed class SharedRedisTests : IAsyncLifetime
{
    public static string Server { get; } =
        Environment.GetEnvironmentVariable("BOT_TEST_REDIS") is { Length: > 0 } server ? server : "127.0.0.1:56379";

    // Nothing listens on port 1: Redis as it is when it is down.
    private const string Unreachable = "127.0.0.1:1";

    private readonly PostgreSqlBackend backend = new();
    private readonly List<BotApplication> apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
        await backend.DisposeAsync();
    }

    /// <summary>Two instances on a fresh database; keys and channel under a prefix of their own, so test runs never share a budget.</summary>
    private async Task<(BotApplication A, BotApplication B)> TwoInstancesAsync(string redis, params (string Key, string? Value)[] extra)
    {
        var prefix = "test-" + Guid.NewGuid().ToString("n")[..12];
        var database = await backend.SettingsAsync();
        (string Key, string? Value)[] redisSettings = [("ConnectionStrings:Redis", redis), ("Redis:Prefix", prefix)];
        if (redis == Server)
        {
            // On a busy test machine the default second lets a check fall back to the instance's own budget, which
            // is right for visitors but not what the tests on the shared server are about.
            redisSettings = [.. redisSettings, ("Redis:Timeout", "00:00:10")];
        }
        Dictionary<string, string?> Settings() => database.Concat(redisSettings).Concat(extra).ToDictionary(s => s.Key, s => s.Value);
        var a = new BotApplication(Settings());
        apps.Add(a);
        a.CreateClient().Dispose();
        var b = new BotApplication(Settings());
        apps.Add(b);
        b.CreateClient().Dispose();
        if (redis == Server)
        {
            await WaitForAsync(() => Task.FromResult(a.Services.GetRequiredService<RedisConnection>().IsConnected && b.Services.GetRequiredService<RedisConnection>().IsConnected));
        }
        return (a, b);
    }

    [Fact]
    public async Task AReplyMadeOnOneInstanceReachesAStreamHeldByTheOtherThroughRedis()
    {
        var (a, b) = await TwoInstancesAsync(Server);
        Assert.IsType<RedisStreamRelay>(a.Services.GetRequiredService<IStreamRelay>());
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(a.Services.GetRequiredService<DirectLineKeys>().Secret);
        using var socket = await onA.ConnectAsync(onA.StreamUrl);

        var id = await onA.On(b).PostMessageAsync("how long does an infusion take");

        var reply = await ReceiveReplyAsync(socket, id, TimeSpan.FromSeconds(20));
        Assert.Contains("infusion", (string)reply["text"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RequestsSplitAcrossInstancesShareOneRateLimitBudget()
    {
        var (a, b) = await TwoInstancesAsync(Server, ("RateLimits:MessagesPerMinutePerAddress", "4"), ("Bot:AllowAnonymous", "true"));
        using var onA = a.CreateClient();
        using var onB = b.CreateClient();

        // Five posts, alternating: three on A and two on B, each under its instance's 4 alone.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await PostMessageAsync(i % 2 == 0 ? onA : onB, $"conv-{i}");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // The wait is what is left of Redis's window, not the one-minute fallback for a lease without one.
        Assert.InRange(last!.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task OneConversationSplitAcrossInstancesSharesOneBudget()
    {
        var (a, b) = await TwoInstancesAsync(Server, ("RateLimits:MessagesPerMinutePerConversation", "2"), ("Bot:AllowAnonymous", "true"));
        using var onA = a.CreateClient();
        using var onB = b.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(onA, "conv-shared")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(onB, "conv-shared")).StatusCode);
        var third = await PostMessageAsync(onA, "conv-shared");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task WithRedisDownTheInstancesStillServeAndSayWhy()
    {
        var (a, b) = await TwoInstancesAsync(Unreachable, ("RateLimits:MessagesPerMinutePerAddress", "4"), ("Bot:AllowAnonymous", "true"));

        var health = await a.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == RedisHealthCheck.Name);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("unreachable", health.Entries[RedisHealthCheck.Name].Description);

        // Without news, a stream on A still gets B's reply: streams re-read their transcripts while Redis is away.
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(a.Services.GetRequiredService<DirectLineKeys>().Secret);
        using var socket = await onA.ConnectAsync(onA.StreamUrl);
        var id = await onA.On(b).PostMessageAsync("is ketamine safe");
        await ReceiveReplyAsync(socket, id, RedisStreamRelay.OutageRefresh * 5);

        // Rate limits fail open to each instance's own budget: A spent one of its 4 on the start, B's post is not counted.
        using var http = a.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await PostMessageAsync(http, $"conv-{i}")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task RedisStoppedMidRunLosesNoReplyAndIsReportedUntilItIsBack()
    {
        using var redis = new RedisServer();
        await redis.StartAsync();
        var (a, b) = await TwoInstancesAsync(redis.Address);
        var health = a.Services.GetRequiredService<HealthCheckService>();
        var onA = new DirectLineTestClient(a);
        await onA.StartAsync(a.Services.GetRequiredService<DirectLineKeys>().Secret);
        using var socket = await onA.ConnectAsync(onA.StreamUrl);
        await ReceiveReplyAsync(socket, await onA.On(b).PostMessageAsync("is ketamine safe"), TimeSpan.FromSeconds(20));

        redis.Stop();
        await WaitForAsync(async () => (await health.CheckHealthAsync(c => c.Name == RedisHealthCheck.Name)).Status == HealthStatus.Degraded);
        await ReceiveReplyAsync(socket, await onA.On(b).PostMessageAsync("how long does an infusion take"), RedisStreamRelay.OutageRefresh * 5);

        await redis.StartAsync();
        await WaitForAsync(async () => (await health.CheckHealthAsync(c => c.Name == RedisHealthCheck.Name)).Status == HealthStatus.Healthy);
        await ReceiveReplyAsync(socket, await onA.On(b).PostMessageAsync("what are the side effects"), TimeSpan.FromSeconds(20));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for Redis");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonNode> ReceiveReplyAsync(WebSocket socket, string replyToId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var frame = await DirectLineTestClient.ReceiveFrameAsync(socket, deadline - DateTime.UtcNow);
            foreach (var activity in frame["activities"]!.AsArray())
            {
                if ((string?)activity!["replyToId"] == replyToId && (string?)activity["type"] == "message")
                {
                    return activity;
                }
            }
        }
    }

    private static Task<HttpResponseMessage> PostMessageAsync(HttpClient http, string conversationId) =>
        http.PostAsJsonAsync("/api/messages", new JsonObject
        {
            ["type"] = "message", ["text"] = "hi", ["deliveryMode"] = "expectReplies", ["channelId"] = "test",
            ["conversation"] = new JsonObject { ["id"] = conversationId }, ["from"] = new JsonObject { ["id"] = "visitor" },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
        });
}
