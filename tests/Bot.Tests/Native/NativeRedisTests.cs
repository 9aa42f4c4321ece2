using System.Net;
using Bot.Tests.Scaling;

namespace Bot.Tests.Native;

public partial class NativeBuildTests
{
    /// <summary>
    /// RedisRateLimiting hands its Lua script's arguments to StackExchange.Redis as an anonymous object read by
    /// reflection: the native build is where trimming would show. Each instance alone would let all five through.
    /// </summary>
    [Fact]
    public async Task TwoNativeInstancesShareOneRateLimitBudgetThroughRedis()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = SharedRedisTests.Server,
            ["Redis:Prefix"] = "native-" + Guid.NewGuid().ToString("n")[..12],
            ["RateLimits:MessagesPerMinutePerAddress"] = "4",
            ["Bot:AllowAnonymous"] = "true",
        };
        await using var a = await NativeBot.StartAsync(settings);
        await using var b = await NativeBot.StartAsync(settings);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await (i % 2 == 0 ? a : b).PostJsonAsync("/api/messages", $$$"""
                {"type":"message","text":"hi","deliveryMode":"expectReplies","channelId":"test","conversation":{"id":"native-{{{i}}}"},"from":{"id":"visitor"},"recipient":{"id":"bot"}}
                """);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
