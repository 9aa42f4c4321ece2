using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using FsCheck;
using FsCheck.Fluent;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Fuzz;

/// <summary>
/// Thousands of generated hostile requests against every endpoint a stranger can reach: never a 5xx, never a
/// hang, and afterwards the bot still answers and the stored requests are as they were.
/// </summary>
public class HostileInputFuzzTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // One address sends all of it, as in the bench: the limits are tested on their own.
    private static Dictionary<string, string?> Unlimited(params (string, string?)[] extra) =>
        Settings([("RateLimits:Enabled", "false"), .. extra]);

    [Fact]
    public async Task MessagesEndpointSurvivesThousandsOfMalformedActivities()
    {
        await using var app = BotApplication.OverHttp(Unlimited());
        var http = app.OverHttpClient();
        string[] conversations = ["fuzz-a", "fuzz-b", "fuzz-c", "fuzz-d"];
        var bodies = HostileValues.Body(HostileValues.Activity(conversations)).ToArbitrary();

        Prop.ForAll(bodies, body =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var status = Send(() => http.PostAsync("/api/messages", content));
            // 501 is the protocol's own answer to an invoke the bot does not handle, as the SDK gives.
            return ((int)status < 500 || status == HttpStatusCode.NotImplemented).Label($"status {(int)status}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true));

        await AssertTheBotStillAnswersAsync(http);
        foreach (var id in conversations)
        {
            var reply = await new BotClient(http, id).SayAsync("what does an infusion feel like");
            Assert.NotEmpty(reply);
        }
    }

    [Fact]
    public async Task DirectLineRestAndStreamSurviveHostileRequests()
    {
        await using var app = BotApplication.OverHttp(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = DirectLineTestClient.Secret, ["RateLimits:Enabled"] = "false",
        });
        var client = new DirectLineTestClient(null, app.OverHttpClient());
        await client.StartAsync();
        var activities = HostileValues.Body(HostileValues.Activity([client.ConversationId])).ToArbitrary();
        var paths = Gen.Zip(HostileValues.Text, Gen.Elements("activities", "stream", "", "activities?watermark=")).Select(t =>
            $"/v3/directline/conversations/{Uri.EscapeDataString(t.Item1)}/{t.Item2}").ToArbitrary();
        var credentials = Gen.OneOf(Gen.Constant(client.Token), Gen.Constant(DirectLineTestClient.Secret), HostileValues.Text).ToArbitrary();

        Prop.ForAll(activities, body =>
        {
            var status = Send(() => client.Http.SendAsync(Post($"/v3/directline/conversations/{client.ConversationId}/activities", body, client.Token)));
            return ((int)status < 500).Label($"post: status {(int)status}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true));
        Prop.ForAll(paths, credentials, (path, credential) =>
        {
            var get = Send(() => client.Http.SendAsync(DirectLineTestClient.Request(HttpMethod.Get, path, SafeHeader(credential))));
            var start = Send(() => client.Http.SendAsync(DirectLineTestClient.Request(HttpMethod.Post, "/v3/directline/conversations", SafeHeader(credential), "{}")));
            var watermark = Send(() => client.Http.SendAsync(DirectLineTestClient.Request(HttpMethod.Get,
                $"/v3/directline/conversations/{client.ConversationId}/activities?watermark={Uri.EscapeDataString(path)}", client.Token)));
            return ((int)get < 500 && (int)start < 500 && (int)watermark < 500).Label($"{path}: {(int)get} {(int)start} {(int)watermark}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true));

        // The stream ignores what a client sends on it, whatever it is, and keeps delivering.
        var (_, watermark) = await client.GetActivitiesAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(client.StreamUrl + "&watermark=" + watermark), CancellationToken.None);
        foreach (var text in HostileValues.Text.Sample(50, 200))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await socket.SendAsync(bytes, text.Length % 2 == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        await client.PostMessageAsync("what does an infusion feel like", "after-fuzz");
        var deadline = DateTime.UtcNow + Patience;
        var answered = false;
        while (!answered && DateTime.UtcNow < deadline)
        {
            var frame = await DirectLineTestClient.ReceiveFrameAsync(socket, Patience);
            answered = frame["activities"]?.AsArray().Any(a => a!["from"]?["role"]?.GetValue<string>() == "bot" && a["replyToId"] is not null
                && (a["text"]?.GetValue<string>() ?? "").Length > 20) == true;
        }
        Assert.True(answered, "the stream delivered the bot's answer after the fuzz");
    }

    [Fact]
    public async Task StaffApiAndFormsSurviveHostileRequestsAndLeaveRequestsIntact()
    {
        await using var app = BotApplication.OverHttp(Unlimited());
        var receipt = await app.SubmitAsync(Submission());
        var api = app.OverHttpClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        // The inbox behind a TLS proxy on loopback (X-Forwarded-Proto), as deployed; the proxy's browser keeps the cookies.
        var staff = new StaffBrowser(app.OverHttpClient(new BehindTlsProxy()));
        var signIn = await staff.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", StaffPassword));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var (_, page) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value);
        var texts = HostileValues.Text.ToArbitrary();
        var bodies = HostileValues.Value(3).Select(v => v?.ToJsonString() ?? "null").ToArbitrary();

        Prop.ForAll(texts, bodies, (text, body) =>
        {
            var id = Uri.EscapeDataString(text);
            var list = Send(() => api.GetAsync("/api/handoffs?status=" + id));
            var get = Send(() => api.GetAsync("/api/handoffs/" + id));
            var patch = Send(() => api.PatchAsync($"/api/handoffs/{receipt.Id}", new StringContent(body, Encoding.UTF8, "application/json")));
            var wrongKey = Send(() => api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/handoffs")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SafeHeader(text) + "x") },
            }));
            var status = Send(() => staff.PostAsync($"/staff/requests/{receipt.Id}/status", ("__csrf", token), ("status", text)));
            var note = Send(() => staff.PostAsync($"/staff/requests/{id}/notes", ("__csrf", token), ("text", text)));
            int[] all = [(int)list, (int)get, (int)patch, (int)wrongKey, (int)status, (int)note];
            return all.All(s => s < 500).Label(string.Join(' ', all));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true));
        // Fewer sign-ins: each one checks a password hash of 600,000 iterations, even for an unknown name (~0.1 s).
        Prop.ForAll(texts, text =>
        {
            var login = Send(() => staff.PostAsync("/staff/login", ("__csrf", token), ("username", text), ("password", text), ("returnUrl", text)));
            return ((int)login < 500).Label(((int)login).ToString());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true));

        var detail = await api.GetJsonAsync($"/api/handoffs/{receipt.Id}");
        Assert.Equal(receipt.Reference, detail.GetProperty("reference").GetString());
        Assert.Contains(detail.GetProperty("status").GetString(), new[] { "new", "contacted", "scheduled", "closed", "spam" });
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).Status);
    }

    /// <summary>What nginx in front adds, and a browser's cookie jar that, like a browser on HTTPS, sends Secure cookies back.</summary>
    private sealed class BehindTlsProxy : DelegatingHandler
    {
        private readonly Dictionary<string, string> cookies = [];

        public BehindTlsProxy() : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            lock (cookies)
            {
                if (cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
                }
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                lock (cookies)
                {
                    foreach (var pair in setCookies.Select(c => c.Split(';')[0].Split('=', 2)))
                    {
                        cookies[pair[0]] = pair[1];
                    }
                }
            }
            return response;
        }
    }

    private static async Task AssertTheBotStillAnswersAsync(HttpClient http)
    {
        var answer = await new BotClient(http).AskAsync("what does an infusion feel like");
        Assert.NotEmpty(answer.Text());
        Assert.NotNull(answer["entities"]);
    }

    private static HttpRequestMessage Post(string path, byte[] body, string credential)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return request;
    }

    /// <summary>HttpClient refuses control characters in headers before anything is sent; those cases test nothing of ours.</summary>
    private static string SafeHeader(string value) => new(value.Where(c => c >= ' ' && c < 127).ToArray());

    /// <summary>One request, with a deadline: a hang fails the property as surely as a 500.</summary>
    private static HttpStatusCode Send(Func<Task<HttpResponseMessage>> request)
    {
        var call = request();
        if (!call.Wait(Patience))
        {
            throw new TimeoutException("a request did not answer within " + Patience);
        }
        using var response = call.Result;
        return response.StatusCode;
    }
}
