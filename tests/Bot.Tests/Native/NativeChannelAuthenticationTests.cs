using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Tests.Protocol;

namespace Bot.Tests.Native;

public partial class NativeBuildTests
{
    /// <summary>
    /// IdentityModel reads the OpenID metadata, the JWKS (endorsements included) and the token, and the bot reads the
    /// token endpoint's answer: all JSON, so the native build is where trimming would show.
    /// </summary>
    [Fact]
    public async Task ChannelTokensAreCheckedAndRepliesCarryTheBotsToken()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var key = standIn.PublishKey("key-a", "test");
        await using var bot = await NativeBot.StartAsync(standIn.BotSettings());
        var url = standIn.ServiceUrl;

        using var refused = await PostAsync(bot.Http, "rejected-1", url, SigningKey.Unpublished("key-a").Token(url));
        using var accepted = await PostAsync(bot.Http, "valid-1", url, key.Token(url));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var replies = await standIn.RepliesUntilAsync("valid-1");
        Assert.All(replies, r => Assert.Equal("valid-1", r.Activity["replyToId"]?.GetValue<string>()));
        Assert.All(replies, r => Assert.Equal("Bearer bot-token-1", r.Authorization));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string id, string serviceUrl, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["type"] = "message",
                ["id"] = id,
                ["text"] = "is ketamine legal",
                ["channelId"] = "test",
                ["serviceUrl"] = serviceUrl,
                ["conversation"] = new JsonObject { ["id"] = "native-auth" },
                ["from"] = new JsonObject { ["id"] = "visitor-1", ["role"] = "user" },
                ["recipient"] = new JsonObject { ["id"] = "clinic-bot", ["role"] = "bot" },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }
}
