using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.DirectLine;

public class DirectLineSecurityTests
{
    [Fact]
    public async Task RequestsWithoutCredentialsGet401WithAnErrorBody()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        var response = await client.Http.SendAsync(DirectLineTestClient.Request(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities", credential: null));

        var body = await DirectLineTestClient.Json(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthorized", (string)body["error"]!["code"]!);
    }

    [Fact]
    public async Task TokenForAnotherConversationIsRefusedEverywhere()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var alice = new DirectLineTestClient(app);
        var mallory = new DirectLineTestClient(app);
        await alice.StartAsync();
        await mallory.StartAsync();
        var path = $"/v3/directline/conversations/{alice.ConversationId}";

        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.SendAsync(HttpMethod.Get, path + "/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.SendAsync(HttpMethod.Post, path + "/activities", """{"type":"message","text":"hi"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mallory.SendAsync(HttpMethod.Get, path + "?watermark=")).StatusCode);
        var socketRefused = await Assert.ThrowsAnyAsync<Exception>(() => mallory.ConnectAsync(alice.StreamUrl.Replace(Uri.EscapeDataString(alice.Token), Uri.EscapeDataString(mallory.Token))));
        Assert.Contains("403", socketRefused.Message);
    }

    [Fact]
    public async Task ExpiredTokenIsRefused403()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = DirectLineTestClient.CreateApp();
        using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = new DirectLineTestClient(app, timed.CreateClient());
        await client.StartAsync();

        clock.Advance(TimeSpan.FromMinutes(31));
        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities");

        var body = await DirectLineTestClient.Json(response, HttpStatusCode.Forbidden);
        Assert.Contains("expired", (string)body["error"]!["message"]!);
    }

    [Theory]
    [InlineData("tampered-signature")]
    [InlineData("other-key")]
    [InlineData("garbage")]
    public async Task ForgedTokenIsRefused403(string forgery)
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        await using var otherApp = DirectLineTestClient.CreateApp();
        var stranger = new DirectLineTestClient(otherApp);
        await stranger.StartAsync();
        var parts = client.Token.Split('.');
        var token = forgery switch
        {
            "tampered-signature" => $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            "other-key" => stranger.Token,
            _ => "not.a.jwt",
        };

        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities", credential: token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UnknownConversationIs404()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);

        var get = await client.SendAsync(HttpMethod.Get, "/v3/directline/conversations/nope/activities", credential: DirectLineTestClient.Secret);
        var post = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations/nope/activities", """{"type":"message","text":"hi"}""", DirectLineTestClient.Secret);

        Assert.Equal("ConversationNotFound", (string)(await DirectLineTestClient.Json(get, HttpStatusCode.NotFound))["error"]!["code"]!);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest)]
    [InlineData("""{"text":"no type"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"type":"message","text":42}""", HttpStatusCode.BadRequest)]
    [InlineData("null", HttpStatusCode.BadRequest)]
    // Half of a surrogate pair (found by the fuzz test): stored, it broke every later read of the conversation with a 500.
    [InlineData("""{"type":"endOfConversation","from":{"id":"u","name":"\ud800"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"type":"message","text":"hi \uDC00 there"}""", HttpStatusCode.BadRequest)]
    public async Task MalformedActivityIs400(string json, HttpStatusCode expected)
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities", json);

        Assert.Equal("BadArgument", (string)(await DirectLineTestClient.Json(response, expected))["error"]!["code"]!);
    }

    [Fact]
    public async Task MalformedWatermarkIs400()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities?watermark=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GeneratingATokenNeedsTheSecret()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", credential: "wrong-secret")).StatusCode);
    }

    [Fact]
    public async Task SecretIsGeneratedIntoTheDataFolderWhenNotConfigured()
    {
        await using var app = new Infrastructure.BotApplication();
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        var secret = (await File.ReadAllTextAsync(Path.Combine(app.DataPath, "directline", "secret"))).Trim();

        var response = await http.SendAsync(DirectLineTestClient.Request(HttpMethod.Post, "/v3/directline/tokens/generate", secret));

        Assert.True(secret.Length >= 40);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://clinic.example", true)]
    [InlineData("https://evil.example", false)]
    public async Task CorsPreflightAllowsOnlyConfiguredOrigins(string origin, bool allowed)
    {
        await using var app = DirectLineTestClient.CreateApp(new() { ["DirectLine:AllowedOrigins:0"] = "https://clinic.example/" });
        var request = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) && origins.Single() == origin);
        if (allowed)
        {
            var headers = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
            Assert.Contains("x-ms-bot-agent", headers);
            Assert.Contains("authorization", headers);
        }
    }

    [Fact]
    public async Task StreamFromAForeignOriginIsRefused()
    {
        await using var app = DirectLineTestClient.CreateApp();
        var client = new DirectLineTestClient(app);
        await client.StartAsync();
        var ws = app.Server.CreateWebSocketClient();
        ws.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ws.ConnectAsync(new Uri(client.StreamUrl), CancellationToken.None));

        Assert.Contains("403", refused.Message);
    }
}
