using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Protocol;

public class MessagesEndpointTests
{
    [Fact]
    public async Task ExpectRepliesReturnsACitedAnswerInTheActivitiesArray()
    {
        await using var app = new BotApplication();
        var bot = new BotClient(app.CreateClient());
        var reply = await bot.AskAsync("what does a ketamine infusion feel like");

        Assert.Equal("message", reply["type"]!.GetValue<string>());
        Assert.Equal("markdown", reply["textFormat"]!.GetValue<string>());
        Assert.Equal(bot.ConversationId, reply["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("visitor-1", reply["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("bot", reply["from"]!["role"]!.GetValue<string>());
        Assert.Equal($"{bot.ConversationId}|0000001", reply["replyToId"]!.GetValue<string>());

        var entity = reply["entities"]![0]!;
        Assert.Equal("https://schema.org/Message", entity["type"]!.GetValue<string>());
        Assert.Equal("Message", entity["@type"]!.GetValue<string>());
        Assert.Equal("https://schema.org", entity["@context"]!.GetValue<string>());
        Assert.Equal("", entity["@id"]!.GetValue<string>());
        var claim = entity["citation"]![0]!;
        Assert.Equal("Claim", claim["@type"]!.GetValue<string>());
        Assert.Equal(1, claim["position"]!.GetValue<int>());
        Assert.Equal("DigitalDocument", claim["appearance"]!["@type"]!.GetValue<string>());
        var url = claim["appearance"]!["url"]!.GetValue<string>();
        var title = claim["appearance"]!["name"]!.GetValue<string>();
        // Web Chat lists a citation only when the text carries the matching reference definition.
        Assert.Contains($"[1]: {url} \"{title}\"", reply.Text());
        Assert.Contains("[1]", reply.Text().Split("\n\n")[0]);
        Assert.Contains("Book a free assessment", reply.Buttons());
        Assert.InRange(reply.Buttons().Count, 2, 4);
    }

    [Fact]
    public async Task NullFieldsAreLeftOutOfReplies()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(
            """{"type":"message","id":"m1","text":"hello","conversation":{"id":"c-fields"},"from":{"id":"u"},"recipient":{"id":"b"},"deliveryMode":"expectReplies"}""",
            Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(":null", body);
        Assert.DoesNotContain("\"entities\"", body);
    }

    [Theory]
    [InlineData("{not json", "application/json", 400)]
    [InlineData("""{"text":"no type","conversation":{"id":"c"}}""", "application/json", 400)]
    [InlineData("""{"type":"message","text":"no conversation"}""", "application/json", 400)]
    [InlineData("""{"type":42,"conversation":{"id":"c"}}""", "application/json", 400)]
    [InlineData("""{"type":"message","conversation":"not an object"}""", "application/json", 400)]
    [InlineData("""[1,2,3]""", "application/json", 400)]
    [InlineData("""{"type":"message","conversation":{"id":"c"}}""", "text/plain", 415)]
    [InlineData("", "application/json", 400)]
    [InlineData("""{"type":"message","text":"hi","conversation":{"id":"c"},"from":{"id":"u","name":"\ud800"}}""", "application/json", 400)]
    public async Task BadBodiesGetA4xxProblemNeverA500(string body, string contentType, int status)
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrEmpty(problem!["title"]?.GetValue<string>()));
    }

    [Fact]
    public async Task AnOversizedBodyGets413()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Bot:MaxBodyBytes"] = "4096" });
        var big = new string('a', 10_000);
        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(
            $$$"""{"type":"message","text":"{{{big}}}","conversation":{"id":"c"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetIsNotAllowed()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().GetAsync("/api/messages");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task InvokeIsNotImplemented()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", ActivityAssertions.Json(
            """{"type":"invoke","name":"x","conversation":{"id":"c"}}"""));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    [InlineData("messageReaction")]
    [InlineData("somethingNew")]
    public async Task OtherActivityTypesAreAcceptedQuietly(string type)
    {
        await using var app = new BotApplication();
        var replies = await new BotClient(app.CreateClient()).SendAsync(new JsonObject { ["type"] = type });
        Assert.Empty(replies);
    }

    [Theory]
    [InlineData("\u0000\u0001\u0002")]
    [InlineData("\uD800 lone surrogate")]
    [InlineData("🤔🤔🤔")]
    [InlineData("ｗｈａｔ ｄｏｅｓ ｉｔ ｆｅｅｌ ｌｉｋｅ")]
    [InlineData("   ")]
    [InlineData("\u202Eevil bidi text")]
    public async Task OddUnicodeGetsAPoliteReply(string text)
    {
        await using var app = new BotApplication();
        var reply = await new BotClient(app.CreateClient()).AskAsync(text);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text()));
    }

    [Fact]
    public async Task NormalModeAnswers200AtOnceAndPostsRepliesToTheAllowedServiceUrl()
    {
        await using var channel = await FakeChannel.StartAsync();
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Bot:AllowedServiceUrls:0"] = channel.BaseUrl });
        var http = app.CreateClient();
        var response = await http.PostAsJsonAsync("/api/messages", ActivityAssertions.Json($$$"""
            {"type":"message","id":"abc|0000007","text":"is ketamine legal","serviceUrl":"{{{channel.BaseUrl}}}",
             "conversation":{"id":"conv|x"},"from":{"id":"u1","role":"user"},"recipient":{"id":"bot"}}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        var (path, activity) = await channel.NextAsync();
        // Ids with '|' are escaped in the path (protocol.md §2.2).
        Assert.Equal("/v3/conversations/conv%7Cx/activities/abc%7C0000007", path);
        Assert.Equal("abc|0000007", activity["replyToId"]!.GetValue<string>());
        Assert.NotNull(activity.CitedTitle());
    }

    [Fact]
    public async Task RepliesAreNotPostedToServiceUrlsOffTheAllowList()
    {
        await using var channel = await FakeChannel.StartAsync();
        await using var app = new BotApplication();
        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", ActivityAssertions.Json($$$"""
            {"type":"message","id":"a1","text":"hello","serviceUrl":"{{{channel.BaseUrl}}}","conversation":{"id":"c1"},"from":{"id":"u1"},"recipient":{"id":"bot"}}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<TimeoutException>(() => channel.NextAsync(TimeSpan.FromSeconds(1)));
    }

    /// <summary>A real HTTP server on a loopback port standing in for a Bot Framework channel.</summary>
    private sealed class FakeChannel : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly System.Threading.Channels.Channel<(string, JsonObject)> _received = System.Threading.Channels.Channel.CreateUnbounded<(string, JsonObject)>();

        private FakeChannel(WebApplication app) => _app = app;

        public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

        public static async Task<FakeChannel> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var channel = new FakeChannel(app);
            app.MapPost("/v3/conversations/{**rest}", async (HttpContext ctx) =>
            {
                var body = await ctx.Request.ReadFromJsonAsync<JsonObject>();
                await channel._received.Writer.WriteAsync((ctx.Request.Path.ToUriComponent(), body!));
                return Results.Json(new { id = "reply-1" });
            });
            await app.StartAsync();
            return channel;
        }

        public async Task<(string Path, JsonObject Activity)> NextAsync(TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            try
            {
                return await _received.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no reply reached the channel");
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
