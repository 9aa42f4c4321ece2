using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.DirectLine;

/// <summary>Talks to the app's Direct Line endpoints the way directlinejs does, over the real HTTP pipeline.</summary>
public sealed class DirectLineTestClient(BotApplication? app, HttpClient? http = null)
{
    public const string Secret = "test-secret-0123456789";

    public static BotApplication CreateApp(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["DirectLine:Secret"] = Secret };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return new BotApplication(settings);
    }

    public HttpClient Http { get; } = http ?? app?.CreateClient() ?? throw new ArgumentNullException(nameof(http));

    public string ConversationId { get; private set; } = "";

    public string Token { get; set; } = "";

    public string StreamUrl { get; private set; } = "";

    /// <summary>The same conversation, token and stream through another instance of the app.</summary>
    public DirectLineTestClient On(BotApplication other) =>
        new(other) { ConversationId = ConversationId, Token = Token, StreamUrl = StreamUrl };

    /// <summary>What a site backend does: generate a token with the secret, then start the conversation with it.</summary>
    public async Task<HttpResponseMessage> StartAsync(string secret = Secret)
    {
        using var generate = Request(HttpMethod.Post, "/v3/directline/tokens/generate", secret, """{"user":{"id":"dl_visitor1"}}""");
        var generated = await Json(await Http.SendAsync(generate), HttpStatusCode.OK);
        Token = (string)generated["token"]!;
        using var start = Request(HttpMethod.Post, "/v3/directline/conversations", Token, """{"user":{"id":"r_page"},"locale":"en-US"}""");
        var response = await Http.SendAsync(start);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ConversationId = (string)body["conversationId"]!;
        Token = (string)body["token"]!;
        StreamUrl = (string)body["streamUrl"]!;
        Assert.Equal((string)generated["conversationId"]!, ConversationId);
        return response;
    }

    /// <summary>The same conversation and token, sent to another address (another instance behind the load balancer).</summary>
    public DirectLineTestClient Through(HttpClient other) =>
        new(null, other) { ConversationId = ConversationId, Token = Token, StreamUrl = StreamUrl };

    public async Task<string> PostMessageAsync(string text, string clientActivityId = "client-1")
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = "en-US",
            ["from"] = new JsonObject { ["id"] = "r_page", ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
        };
        var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities", activity.ToJsonString());
        return (string)(await Json(response, HttpStatusCode.OK))["id"]!;
    }

    public async Task<(JsonArray Activities, string? Watermark)> GetActivitiesAsync(string? watermark = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities?watermark={watermark}");
        var body = await Json(response, HttpStatusCode.OK);
        return (body["activities"]!.AsArray(), (string?)body["watermark"]);
    }

    /// <summary>Polls until a bot message is there (the welcome may be sent by the turn after the start returned).</summary>
    public async Task<(JsonArray Activities, string? Watermark)> WaitForBotMessageAsync(string? watermark = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var (activities, mark) = await GetActivitiesAsync(watermark);
            if (activities.Any(a => (string?)a!["type"] == "message" && (string?)a["from"]?["role"] == "bot") || DateTime.UtcNow > deadline)
            {
                return (activities, mark);
            }
            await Task.Delay(100);
        }
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? credential = null)
    {
        var request = Request(method, path, credential ?? Token, json);
        return Http.SendAsync(request);
    }

    public async Task<WebSocket> ConnectAsync(string streamUrl)
    {
        var client = (app ?? throw new InvalidOperationException("WebSockets here need the in-memory app.")).Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
    }

    /// <summary>
    /// How long to wait for what the bot owes: well under a second on an idle machine, but a full run shares two cores
    /// with the browser tests (a WebSocket receive here, then 10 s, once failed in a busy run).
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The next non-empty text frame, parsed; empty keep-alive frames are skipped as directlinejs does.</summary>
    public static async Task<JsonNode> ReceiveFrameAsync(WebSocket socket, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Patience);
        while (true)
        {
            var buffer = new byte[64 * 1024];
            var length = 0;
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancel.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            if (length > 0)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!;
            }
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? credential, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return request;
    }

    public static async Task<JsonNode> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
