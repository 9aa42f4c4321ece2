using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Handoff;
using Bot.Tests.DirectLine;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Intake;
using Bot.Tests.Knowledge;
using Bot.Tests.Staff;

namespace Bot.Tests.Native;

/// <summary>
/// Every part of the bot once through the natively compiled build: retrieval (Lucene finds its codecs by
/// reflection), the sentence model, crisis, intake to the staff API, email and a signed webhook on SQLite and
/// PostgreSQL (data protection, phone numbers, source-generated JSON), Direct Line with its WebSocket, the page,
/// bad input and the command line.
/// </summary>
[Trait("Needs", "NativeBuild")]
public partial class NativeBuildTests
{
    [Fact]
    public async Task AnswersWithACitationAndNextSteps()
    {
        await using var bot = await NativeBot.StartAsync();
        var reply = await new BotClient(bot.Http).AskAsync("wat does an infusion feel like");
        Assert.Equal("What an infusion feels like", reply.CitedTitle());
        Assert.Contains("Book a free assessment", reply.Buttons());
    }

    [Fact]
    public async Task UnderstandsMeaningOnceTheSentenceModelHasLoaded()
    {
        await using var bot = await NativeBot.StartAsync();
        var reply = await new BotClient(bot.Http).AskAsync("r u gonna knock me out");
        Assert.Equal("Will I be knocked out?", reply.CitedTitle());
    }

    [Fact]
    public async Task CrisisComesFirstAndAdviceIsDeferred()
    {
        await using var bot = await NativeBot.StartAsync();
        var chat = new BotClient(bot.Http);
        Assert.True((await chat.SayAsync("honestly i just want to end my life"))[0].IsCrisis());
        var advice = await chat.AskAsync("how many mg should i take");
        Assert.Null(advice.CitedTitle());
        Assert.Contains("clinician", advice.Text(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task IntakeReachesTheStaffApiTheMailCatcherAndTheWebhook(string provider)
    {
        // Letters only: the tag goes into the visitor's name.
        var tag = string.Concat(Guid.NewGuid().ToString("n")[..8].Select(c => (char)('a' + c % 26)));
        var staffAddress = $"staff-{tag}@clinic.test";
        await using var databases = new PostgresDatabases();
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = HandoffTestKit.Settings(
            ("Storage:Provider", provider),
            ("Handoff:Email:Host", "127.0.0.1"),
            ("Handoff:Email:Port", MailCatcher.SmtpPort),
            ("Handoff:Email:UseTls", "false"),
            ("Handoff:Email:From", "bot@clinic.test"),
            ("Handoff:Email:To", staffAddress),
            ("Handoff:Webhook:Url", receiver.Url),
            ("Handoff:Webhook:Secret", "native-secret"));
        if (provider == "PostgreSql")
        {
            settings["ConnectionStrings:Bot"] = await databases.CreateAsync();
        }
        await using var bot = await NativeBot.StartAsync(settings);

        await Transcripts.PlayAsync(new ChatClient(bot.Http), $"""
            > how do I sign up
            > I'm Ines Okafor{tag}, ines.{tag}@mail.example, 415 555 0188
            > Text
            > weekday mornings
            > Depression
            > yes
            > yes
            > Confirm and send
            < reference number
            """);

        using var api = new HttpClient { BaseAddress = bot.Http.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HandoffTestKit.ApiKey);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/handoffs");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal($"Ines Okafor{tag}", item.GetProperty("name").GetString());
        Assert.Equal("+14155550188", item.GetProperty("phone").GetString());
        var id = item.GetProperty("id").GetString();
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/handoffs/{id}");
        Assert.Contains(detail.GetProperty("transcript").EnumerateArray(), line => line.GetProperty("text").GetString() == "Confirm and send");
        var patched = await api.PatchAsync($"/api/handoffs/{id}", new StringContent("""{"status":"contacted"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("contacted", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var reference = item.GetProperty("reference").GetString()!;
        await HandoffTestKit.WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(staffAddress)).Count > 0, TimeSpan.FromSeconds(30), "the staff email");
        Assert.Contains(reference, Assert.Single(await MailCatcher.MessagesToAsync(staffAddress)).GetRawText(), StringComparison.Ordinal);
        await HandoffTestKit.WaitUntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), TimeSpan.FromSeconds(30), "the webhook");
        var (headers, body) = Assert.Single(receiver.Received);
        Assert.Equal(WebhookNotifier.Sign(body, "native-secret"), headers["X-Signature"].ToString());
        var hook = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("handoff.created", reference, "+14155550188"),
            (hook.GetProperty("event").GetString(), hook.GetProperty("reference").GetString(), hook.GetProperty("phone").GetString()));
    }

    [Fact]
    public async Task StaffSignInOverHttpsTheInboxAStatusChangeAndTheExport()
    {
        await using var bot = await NativeBot.StartAsync(HandoffTestKit.Settings(), https: true);
        await Transcripts.PlayAsync(new ChatClient(bot.Http), """
            > I'd like the free assessment
            > Maren Holloway, 415 555 0123
            > Skip
            > Call
            > Any time
            > Prefer not to say
            > yes
            > yes
            > Confirm and send
            < reference number
            """);

        var staff = new StaffBrowser(bot.Http);
        Assert.StartsWith("/staff/login?", (await staff.Client.GetAsync("/staff")).Headers.Location?.OriginalString);
        var signIn = await staff.SubmitAsync("/staff/login", "/staff/login", ("username", HandoffTestKit.StaffUser), ("password", HandoffTestKit.StaffPassword));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var (status, list) = await staff.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, status);
        var id = Assert.Single(RequestLink().Matches(list)).Groups[1].Value;
        var (_, detail) = await staff.GetAsync($"/staff/requests/{id}");
        Assert.Contains("Maren Holloway", WebUtility.HtmlDecode(detail));
        var change = await staff.SubmitAsync($"/staff/requests/{id}", $"/staff/requests/{id}/status", ("status", "scheduled"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Contains("<dt>Status</dt><dd>scheduled</dd>", (await staff.GetAsync($"/staff/requests/{id}")).Html);
        var csv = await staff.Client.GetStringAsync("/staff/export.csv");
        Assert.Contains(",scheduled,false,Maren Holloway,+14155550123,", csv);
    }

    [Fact]
    public async Task DirectLineTokensConversationsAndTheStream()
    {
        await using var bot = await NativeBot.StartAsync(new Dictionary<string, string?> { ["DirectLine:Secret"] = DirectLineTestClient.Secret });
        var client = new DirectLineTestClient(null, bot.Http);
        Assert.Equal(HttpStatusCode.Created, (await client.StartAsync()).StatusCode);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(client.StreamUrl.Replace("://localhost", "://127.0.0.1")), CancellationToken.None);

        await client.PostMessageAsync("how long does an infusion take");
        for (var frames = 0; frames < 10; frames++)
        {
            var frame = await DirectLineTestClient.ReceiveFrameAsync(socket);
            var answer = frame["activities"]!.AsArray().Select(a => a!.AsObject())
                .FirstOrDefault(a => (string?)a["from"]?["role"] == "bot" && a["entities"] is not null);
            if (answer is not null)
            {
                Assert.NotNull(answer.CitedTitle());
                return;
            }
        }
        Assert.Fail("No cited answer arrived on the stream.");
    }

    [Fact]
    public async Task ThePageTheWebChatBundleAndBadInput()
    {
        await using var bot = await NativeBot.StartAsync();
        Assert.Contains("webchat", await bot.Http.GetStringAsync("/"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/vendor/webchat.js", HttpCompletionOption.ResponseHeadersRead)).StatusCode);

        var malformed = await bot.PostJsonAsync("/api/messages", """{"type": "message", "text": """);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        var wrongType = await bot.PostJsonAsync("/api/messages", """{"type": 7}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task TheKnowledgeCheckRunsFromTheNativeBinary()
    {
        var (exit, stdout, stderr) = await KnowledgeTests.RunAsync(NativeBot.Binary, null, "kb", "check");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("entries", stdout + stderr, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("/staff/requests/([0-9a-f-]{36})\"")]
    private static partial Regex RequestLink();
}
