using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.RateLimits;

public class RateLimitTests
{
    [Fact]
    public async Task OneConversationPostingFasterThanAPersonTypesIsToldToWait()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["RateLimits:MessagesPerMinutePerConversation"] = "3" });
        var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await PostMessageAsync(http, "conv-busy", "what does an infusion feel like")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        var limited = await PostMessageAsync(http, "conv-busy", "hello");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("try again", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(http, "conv-other", "hello")).StatusCode);
    }

    [Fact]
    public async Task OneAddressOpeningManyConversationsIsToldToWait()
    {
        // Visitors from other addresses reach /api/messages only with Bot:AllowAnonymous (the channel signs, otherwise).
        await using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["RateLimits:MessagesPerMinutePerAddress"] = "5", ["Bot:AllowAnonymous"] = "true",
        });
        var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await PostMessageAsync(http, "conv-" + i, "hi")).StatusCode);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        // Another visitor, arriving through the clinic's proxy with its own address, is not held back.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Message("conv-x", "hi")) };
        request.Headers.Add("X-Forwarded-For", "198.51.100.23");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task DirectLinePostsAreLimitedPerConversation()
    {
        await using var app = DirectLineTestClient.CreateApp(new() { ["RateLimits:MessagesPerMinutePerConversation"] = "2" });
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        await client.PostMessageAsync("hello", "c1");
        await client.PostMessageAsync("what is ketamine", "c2");
        var third = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities",
            """{"type":"message","from":{"id":"user1"},"text":"one more"}""", client.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task TheStaffApiIsLimitedPerAddress()
    {
        await using var app = new BotApplication(HandoffTestKit.Settings(("RateLimits:StaffApiPerMinutePerAddress", "2")));
        var api = app.ApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await api.GetAsync("/api/handoffs")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task EveryRouteHasABackstopPerAddress()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["RateLimits:RequestsPerMinutePerAddress"] = "4" });
        var http = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/health", "/", "/demo", "/health", "/health" })
        {
            statuses.Add((await http.GetAsync(path)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AnOrdinaryVisitorNeverMeetsALimit()
    {
        await using var app = new BotApplication();
        var http = app.CreateClient();
        // A page load through Web Chat, then a long, quick conversation: more than a person types in a minute.
        var token = await http.PostAsync("/api/chat/token", null);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        string[] questions =
        [
            "hi", "what does an infusion feel like", "is it safe", "side effects?", "how long does it last",
            "will i be able to drive after", "how many sessions", "does it help ptsd", "what is ketamine", "ok thanks",
            "can i book the free assessment", "actually not yet", "what happens at the assessment", "thanks", "bye",
        ];
        foreach (var question in questions)
        {
            var response = await PostMessageAsync(http, "conv-visitor", question);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        }
    }

    [Fact]
    public async Task WithLimitsSwitchedOffNothingIsRefused()
    {
        await using var app = new BotApplication(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false", ["RateLimits:MessagesPerMinutePerConversation"] = "1", ["RateLimits:MessagesPerMinutePerAddress"] = "1",
        });
        var http = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostMessageAsync(http, "conv-bench", "hi")).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> PostMessageAsync(HttpClient http, string conversationId, string text) =>
        http.PostAsJsonAsync("/api/messages", Message(conversationId, text));

    private static JsonObject Message(string conversationId, string text) => new()
    {
        ["type"] = "message", ["text"] = text, ["deliveryMode"] = "expectReplies", ["channelId"] = "test",
        ["conversation"] = new JsonObject { ["id"] = conversationId }, ["from"] = new JsonObject { ["id"] = "visitor" },
        ["recipient"] = new JsonObject { ["id"] = "bot" },
    };
}
