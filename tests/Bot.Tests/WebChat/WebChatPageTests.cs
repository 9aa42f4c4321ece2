using System.Net;
using System.Text.Json.Nodes;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.WebChat;

public class WebChatPageTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/demo")]
    [InlineData("/widget.js")]
    public async Task PagesCarryTheContentSecurityPolicyAndSecurityHeaders(string path)
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["DirectLine:AllowedOrigins:0"] = "https://clinic.example" });

        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'self' https://clinic.example", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task ChatPageServesWebChatFromTheAppWithNoInlineScriptAndTheClinicDetails()
    {
        await using var app = new BotApplication();
        var http = app.CreateClient();

        var html = await http.GetStringAsync("/");
        var bundle = await http.GetAsync("/vendor/webchat.js");

        Assert.Contains("<script src=\"/vendor/webchat.js\"></script>", html);
        Assert.DoesNotMatch("<script>", html);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not medical advice", html);
        Assert.Contains("803-3375", html);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 3_000_000);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/vendor/webchat.js.LICENSE.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/chat.html")).StatusCode);
    }

    [Fact]
    public async Task PageTokenOpensExactlyOneNewConversationAndIsRateLimited()
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["RateLimits:TokensPerMinutePerAddress"] = "3" });
        var http = app.CreateClient();

        var first = JsonNode.Parse(await (await http.PostAsync("/api/chat/token", null)).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await http.PostAsync("/api/chat/token", null)).Content.ReadAsStringAsync())!;
        await http.PostAsync("/api/chat/token", null);
        var limited = await http.PostAsync("/api/chat/token", null);

        Assert.NotEqual((string)first["conversationId"]!, (string)second["conversationId"]!);
        Assert.Equal(1800, (int)first["expires_in"]!);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new("Bearer", (string)first["token"]!);
        var started = await http.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal((string)first["conversationId"]!, (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["conversationId"]!);
    }
}
