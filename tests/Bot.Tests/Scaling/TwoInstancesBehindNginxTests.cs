using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Scaling;

/// <summary>One cluster for the class (starting processes is the slow part), with mail and a webhook configured.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string StaffMail { get; } = $"staff-{Guid.NewGuid():n}@clinic.test";

    public TwoInstancesBehindNginx Cluster { get; private set; } = null!;

    public WebhookReceiver Webhook { get; private set; } = null!;

    private BotApplication? sibling;

    public async Task InitializeAsync()
    {
        Webhook = await WebhookReceiver.StartAsync();
        Cluster = await TwoInstancesBehindNginx.StartAsync(HandoffTestKit.Settings(
            ("DirectLine:Secret", DirectLineTestClient.Secret),
            ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", MailCatcher.SmtpPort), ("Handoff:Email:UseTls", "false"),
            ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", StaffMail),
            ("Handoff:Webhook:Url", Webhook.Url), ("Handoff:Webhook:Secret", "cluster-webhook-secret-0123456789")));
    }

    /// <summary>
    /// Stores handoffs the way a confirmed intake does, from a third app on the same database whose own dispatcher
    /// waits: only the two instances' dispatchers deliver them.
    /// </summary>
    public async Task<Bot.Handoff.HandoffReceipt> SubmitAsync(Bot.Handoff.HandoffSubmission submission)
    {
        sibling ??= new BotApplication(new Dictionary<string, string?>(Cluster.Settings) { ["Handoff:DispatcherStartDelay"] = "01:00:00" });
        return await sibling.SubmitAsync(submission);
    }

    public async Task DisposeAsync()
    {
        if (sibling is not null)
        {
            await sibling.DisposeAsync();
        }
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        await Webhook.DisposeAsync();
    }
}

/// <summary>
/// Issue 17's proof with real parts: a visitor's requests land on either instance (nginx round-robin, or a test
/// addressing each directly) or one instance dies, and the visitor sees nothing lost, repeated or refused.
/// </summary>
[Trait("Needs", "NativeBuild")]
public sealed class TwoInstancesBehindNginxTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly TwoInstancesBehindNginx cluster = fixture.Cluster;

    // The visitor's side of a whole intake, the same one SharedStateTests alternates between two in-process instances.
    private static readonly string[] IntakeVisitor = SharedStateTests.IntakeVisitor;

    [Fact]
    public async Task NginxRedirectsPlainHttpToHttpsAndForwardsTheSchemeAndHost()
    {
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var redirect = await plain.GetAsync(cluster.Nginx.HttpUrl + "/staff/login?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("https://127.0.0.1/staff/login?x=1", redirect.Headers.Location!.ToString());

        using var http = cluster.Nginx.CreateClient();
        var visitor = new DirectLineTestClient(null, http);
        await visitor.StartAsync();
        // Built by the instance from X-Forwarded-Proto and the visitor's Host: the browser reaches nginx, not the instance.
        Assert.StartsWith(cluster.Nginx.HttpsUrl.Replace("https://", "wss://") + "/v3/directline/", visitor.StreamUrl);
    }

    [Fact]
    public async Task RepliesToPostsOnEitherInstanceReachTheSocketsHeldByTheOtherInOrderOnce()
    {
        using var http = cluster.Nginx.CreateClient();
        var visitor = new DirectLineTestClient(null, http);
        await visitor.StartAsync();
        // One socket through nginx (whichever instance it lands on), one held by instance A itself.
        await using var throughNginx = await SocketReader.ConnectAsync(new Uri(visitor.StreamUrl), cluster.Nginx);
        var direct = new UriBuilder(visitor.StreamUrl) { Scheme = "ws", Port = cluster.Instances[0].Port }.Uri;
        await using var onA = await SocketReader.ConnectAsync(direct, null);
        DirectLineTestClient[] posters = [visitor.Through(cluster.Instances[1].Http), visitor.Through(cluster.Instances[0].Http)];
        string[] questions = ["what does an infusion cost", "how long does an infusion take", "what are the side effects", "do you take insurance"];

        var posted = new List<string>();
        for (var i = 0; i < questions.Length; i++)
        {
            var id = await posters[i % 2].PostMessageAsync(questions[i], $"client-{i}");
            posted.Add(id);
            foreach (var socket in new[] { throughNginx, onA })
            {
                await WaitUntilAsync(() => Task.FromResult(socket.HasBotReplyTo(id)),
                    TimeSpan.FromSeconds(20), $"the reply to post {i} (sent to instance {(i % 2 == 0 ? "B" : "A")}) on the socket");
            }
        }

        // Once everything is in the transcript, each socket has seen exactly that: every activity, once, in order.
        await Task.Delay(1000);
        var (transcript, _) = await visitor.GetActivitiesAsync();
        var expected = transcript.Select(a => (string?)a!["id"]).ToList();
        Assert.Equal(posted, transcript.Where(a => (string?)a!["from"]?["role"] != "bot" && (string?)a!["type"] == "message").Select(a => (string)a!["id"]!));
        foreach (var socket in new[] { throughNginx, onA })
        {
            // Typing indicators are live only: they have no id and are not kept in the transcript.
            var seen = socket.Activities.Where(a => (string?)a["type"] != "typing").Select(a => (string?)a["id"]).ToList();
            Assert.Equal(seen.Distinct(), seen);
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task IntakeAlternatingBetweenInstancesEndsWithTheReferenceNumber()
    {
        using var http = cluster.Nginx.CreateClient();
        var start = new DirectLineTestClient(null, http);
        await start.StartAsync();
        DirectLineTestClient[] instances = [start.Through(cluster.Instances[0].Http), start.Through(cluster.Instances[1].Http)];

        string replies = "";
        for (var i = 0; i < IntakeVisitor.Length; i++)
        {
            // Sent to one instance, read back from the other.
            replies = await SayAsync(instances[i % 2], instances[(i + 1) % 2], IntakeVisitor[i], i);
        }

        Assert.Contains("reference number", replies, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Orla", replies, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstanceKilledMidIntakeLeavesTheIntakeWhereItWasOnTheOther()
    {
        using var http = cluster.Nginx.CreateClient();
        var visitor = new DirectLineTestClient(null, http);
        await visitor.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await SayAsync(visitor, visitor, IntakeVisitor[i], i);
        }

        await cluster.Instances[0].KillAsync();
        try
        {
            // Contact method given; the next question is the best time, then on to the end, all through nginx.
            var next = await SayAsync(visitor, visitor, IntakeVisitor[3], 3);
            Assert.Contains("weekday evenings", next, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("What would you like help with?", next, StringComparison.Ordinal);
            string replies = "";
            for (var i = 4; i < IntakeVisitor.Length; i++)
            {
                replies = await SayAsync(visitor, visitor, IntakeVisitor[i], i);
            }
            Assert.Contains("reference number", replies, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Orla", replies, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.RestartAsync(0);
        }
    }

    [Fact]
    public async Task EveryHandoffIsDeliveredOnceByMailAndOnceByWebhookWithBothDispatchersRunning()
    {
        var receipts = new List<Bot.Handoff.HandoffReceipt>();
        for (var i = 0; i < 6; i++)
        {
            receipts.Add(await fixture.SubmitAsync(Submission()));
        }
        var references = receipts.Select(r => r.Reference).ToHashSet();

        await WaitUntilAsync(async () => (await MailsAsync(references)).Count >= references.Count && Hooks(references).Count >= references.Count,
            TimeSpan.FromSeconds(30), "every handoff by mail and webhook");
        // Both dispatchers poll every half second: give a duplicate time to show up.
        await Task.Delay(2500);

        var mails = await MailsAsync(references);
        Assert.Equal(references.Order(), mails.Order());
        Assert.Equal(references.Order(), Hooks(references).Order());
    }

    [Fact]
    public async Task StaffSignedInOnOneInstanceWorkOnTheOtherAndSeeEachOthersChanges()
    {
        var receipt = await fixture.SubmitAsync(Submission());
        var cookies = new CookieJar();
        var onA = new StaffBrowser(BehindTls(cluster.Instances[0], cookies));
        var onB = new StaffBrowser(BehindTls(cluster.Instances[1], cookies));

        var signIn = await onA.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", StaffPassword));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var (status, list) = await onB.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(receipt.Reference, list);
        var page = $"/staff/requests/{receipt.Id}";
        var change = await onB.SubmitAsync(page, page + "/status", ("status", "contacted"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        var (_, detail) = await onA.GetAsync(page);
        Assert.Contains("<dt>Status</dt><dd>contacted</dd>", detail);
    }

    /// <summary>Posts <paramref name="text"/> through <paramref name="to"/>; returns the bot's replies to it as read through <paramref name="readFrom"/>.</summary>
    private static async Task<string> SayAsync(DirectLineTestClient to, DirectLineTestClient readFrom, string text, int turn)
    {
        var id = await to.PostMessageAsync(text, $"client-{turn}");
        var replies = "";
        await WaitUntilAsync(async () =>
        {
            var (activities, _) = await readFrom.GetActivitiesAsync();
            var mine = activities.Where(a => SocketReader.IsBotMessage(a!) && (string?)a!["replyToId"] == id).ToList();
            replies = string.Join("\n", mine.Select(a => a!.ToJsonString()));
            return mine.Count > 0;
        }, TimeSpan.FromSeconds(20), $"the reply to \"{text}\"");
        // A turn may send more than one message; they are stored together, but give the last a moment.
        await Task.Delay(300);
        var (all, _) = await readFrom.GetActivitiesAsync();
        return string.Join("\n", all.Where(a => SocketReader.IsBotMessage(a!) && (string?)a!["replyToId"] == id).Select(a => a!.ToJsonString()));
    }

    private async Task<List<string>> MailsAsync(IReadOnlySet<string> references) =>
        (await MailCatcher.MessagesToAsync(fixture.StaffMail))
            .Select(m => m.GetProperty("subject").GetString() ?? "")
            .SelectMany(subject => references.Where(r => subject.Contains(r, StringComparison.Ordinal)))
            .ToList();

    private List<string> Hooks(IReadOnlySet<string> references) =>
        fixture.Webhook.Received
            .Select(h => System.Text.Encoding.UTF8.GetString(h.Body))
            .SelectMany(body => references.Where(r => body.Contains(r, StringComparison.Ordinal)))
            .ToList();

    /// <summary>
    /// A staff browser talking to one instance directly as nginx would (X-Forwarded-Proto: https, which the instance
    /// trusts from loopback), keeping its cookies in a jar shared across instances.
    /// </summary>
    private static HttpClient BehindTls(BotProcess instance, CookieJar cookies) =>
        new(new ForwardedAsHttps(cookies) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } })
        {
            BaseAddress = instance.Address,
        };

    private sealed class CookieJar
    {
        public ConcurrentDictionary<string, string> Values { get; } = new();
    }

    private sealed class ForwardedAsHttps(CookieJar jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (!jar.Values.IsEmpty)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Values.Select(c => $"{c.Key}={c.Value}")));
            }
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0].Split('=', 2);
                jar.Values[pair[0]] = pair[1];
            }
            return response;
        }
    }
}
