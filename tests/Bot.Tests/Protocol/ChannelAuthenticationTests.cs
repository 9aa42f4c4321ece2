using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Protocol;

/// <summary>
/// /api/messages with Bot:MicrosoftAppId set, against a stand-in of the Bot Framework's metadata, keys and token
/// endpoint over real HTTP; and the loopback rule without an app id.
/// </summary>
public class ChannelAuthenticationTests
{
    private const string Channel = "test";

    [Fact]
    public async Task AValidChannelTokenGetsA200AndAnAnswer()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var key = standIn.PublishKey("key-a", Channel, "msteams");
        await using var app = new BotApplication(standIn.BotSettings());
        var http = app.CreateClient();

        using var response = await PostAsync(http, Message(standIn.ServiceUrl, "m1", "is ketamine legal", expectReplies: true), key.Token(standIn.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        Assert.NotNull(Assert.Single(replies)!.AsObject().CitedTitle());
    }

    public static TheoryData<string> BadTokens() =>
    [
        "none",
        "expired",
        "wrong audience",
        "wrong issuer",
        "key not in the JWKS",
        "listed kid, other key",
        "channel not endorsed",
        "serviceUrl mismatch",
        "not a JWT",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task ABadOrMissingTokenGets401AndNoTurnIsTaken(string badness)
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var key = standIn.PublishKey("key-a", Channel);
        var teamsOnly = standIn.PublishKey("key-teams", "msteams");
        await using var app = new BotApplication(standIn.BotSettings());
        var http = app.CreateClient();
        var url = standIn.ServiceUrl;
        var token = badness switch
        {
            "none" => null,
            // Past the five minutes' clock skew.
            "expired" => key.Token(url, expires: DateTime.UtcNow.AddMinutes(-6)),
            "wrong audience" => key.Token(url, audience: "another-bots-app-id"),
            "wrong issuer" => key.Token(url, issuer: "https://api.botframework.evil"),
            "key not in the JWKS" => SigningKey.Unpublished("key-x").Token(url),
            "listed kid, other key" => SigningKey.Unpublished("key-a").Token(url),
            "channel not endorsed" => teamsOnly.Token(url),
            "serviceUrl mismatch" => key.Token("https://smba.trafficmanager.net/amer/"),
            "not a JWT" => "not-a-jwt",
            _ => throw new ArgumentOutOfRangeException(nameof(badness)),
        };

        using var refused = await PostAsync(http, Message(url, "rejected-1", "hello"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // The same conversation, properly signed: the channel hears only the answer to this one.
        using var accepted = await PostAsync(http, Message(url, "valid-1", "is ketamine legal"), key.Token(url));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var replies = await standIn.RepliesUntilAsync("valid-1");
        Assert.All(replies, r => Assert.Equal("valid-1", r.Activity["replyToId"]?.GetValue<string>()));
    }

    [Fact]
    public async Task TheTokenIsCheckedBeforeTheBody()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        standIn.PublishKey("key-a", Channel);
        await using var app = new BotApplication(standIn.BotSettings());

        using var response = await app.CreateClient().PostAsync("/api/messages", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task RepliesCarryTheBotsOwnTokenFetchedOnceForTwoReplies()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var key = standIn.PublishKey("key-a", Channel);
        await using var app = new BotApplication(standIn.BotSettings());
        var http = app.CreateClient();
        var url = standIn.ServiceUrl;

        using var first = await PostAsync(http, Message(url, "m1", "is ketamine legal"), key.Token(url));
        await standIn.RepliesUntilAsync("m1");
        using var second = await PostAsync(http, Message(url, "m2", "what does an infusion feel like"), key.Token(url));
        var replies = await standIn.RepliesUntilAsync("m2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(replies.Count >= 2);
        Assert.All(replies, r => Assert.Equal("Bearer bot-token-1", r.Authorization));
        var request = Assert.Single(standIn.TokenRequests);
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal(BotFrameworkStandIn.AppId, request["client_id"]);
        Assert.Equal(BotFrameworkStandIn.AppPassword, request["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", request["scope"]);
    }

    [Fact]
    public async Task WithoutAnAppIdRepliesCarryNoToken()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Bot:AllowedServiceUrls:0"] = standIn.ServiceUrl });

        using var response = await PostAsync(app.CreateClient(), Message(standIn.ServiceUrl, "m1", "is ketamine legal"), token: null);
        var replies = await standIn.RepliesUntilAsync("m1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(replies, r => Assert.Null(r.Authorization));
        Assert.Empty(standIn.TokenRequests);
    }

    [Fact]
    public async Task WithoutAnAppIdACallerFromAnotherMachineIsRefusedWithHowToConfigure()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Bot:AllowedServiceUrls:0"] = standIn.ServiceUrl });
        var http = app.CreateClient();

        // Through the clinic's loopback proxy, from a public address.
        using var refused = await PostAsync(http, Message(standIn.ServiceUrl, "rejected-1", "hello"), token: null, forwardedFor: "203.0.113.7");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("Bot:MicrosoftAppId", problem!["detail"]!.GetValue<string>());
        Assert.Contains("Bot:AllowAnonymous", problem["detail"]!.GetValue<string>());
        using var local = await PostAsync(http, Message(standIn.ServiceUrl, "valid-1", "is ketamine legal"), token: null, forwardedFor: "127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        var replies = await standIn.RepliesUntilAsync("valid-1");
        Assert.All(replies, r => Assert.Equal("valid-1", r.Activity["replyToId"]?.GetValue<string>()));
    }

    [Fact]
    public async Task AllowAnonymousServesCallersFromAnotherMachine()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" });

        using var response = await PostAsync(app.CreateClient(), Message(null, "m1", "is ketamine legal", expectReplies: true), token: null, forwardedFor: "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.Content.ReadFromJsonAsync<JsonObject>())!["activities"]!.AsArray();
        Assert.NotEmpty(replies);
    }

    [Fact]
    public async Task AnAppIdWithoutAPasswordStopsTheStartNamingIt()
    {
        var (exit, _, stderr) = await Knowledge.KnowledgeTests.RunBotAsync(new Dictionary<string, string>
        {
            ["Bot__MicrosoftAppId"] = BotFrameworkStandIn.AppId,
            ["Urls"] = "http://127.0.0.1:0",
        });
        Assert.Equal(1, exit);
        Assert.Contains("Configuration problem: Bot:MicrosoftAppPassword is required with Bot:MicrosoftAppId", stderr);
    }

    private static JsonObject Message(string? serviceUrl, string id, string text, bool expectReplies = false)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["text"] = text,
            ["channelId"] = Channel,
            ["conversation"] = new JsonObject { ["id"] = "conv-auth" },
            ["from"] = new JsonObject { ["id"] = "visitor-1", ["role"] = "user" },
            ["recipient"] = new JsonObject { ["id"] = "clinic-bot", ["role"] = "bot" },
        };
        if (serviceUrl is not null)
        {
            activity["serviceUrl"] = serviceUrl;
        }
        if (expectReplies)
        {
            activity["deliveryMode"] = "expectReplies";
        }
        return activity;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, JsonObject activity, string? token, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return http.SendAsync(request);
    }
}
