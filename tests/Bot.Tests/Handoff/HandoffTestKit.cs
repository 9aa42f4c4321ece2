using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Handoff;
using Bot.Staff;
using Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Handoff;

/// <summary>Shared pieces of the handoff and staff suites: a visitor's submission, app settings, the API and waiting.</summary>
public static class HandoffTestKit
{
    public const string ApiKey = "test-api-key-7b1d0c55";
    public const string StaffUser = "nurse";
    public const string StaffPassword = "correct horse battery";

    // Low iteration count: the format and check are the real ones, the tests just should not spend seconds hashing.
    public static readonly string StaffHash = PasswordHash.Create(StaffPassword, 1_000);

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Staff:ApiKeys:0"] = ApiKey,
            ["Staff:Users:0:UserName"] = StaffUser,
            ["Staff:Users:0:PasswordHash"] = StaffHash,
            ["Handoff:PollInterval"] = "00:00:00.500",
            ["Handoff:RetryBaseDelay"] = "00:00:00.300",
            ["Handoff:InAttemptRetryDelay"] = "00:00:00.050",
            ["Handoff:InboxUrl"] = "https://clinic.test/staff",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>A visitor with details unique to this test, so shared catchers and logs can be searched for them.</summary>
    public static HandoffSubmission Submission(string? tag = null, bool urgent = false, string? idempotencyKey = null)
    {
        // Letters only: a random hex tag with seven digits in a row reads as a phone number, and redaction rightly hides it.
        tag ??= string.Concat(Guid.NewGuid().ToString("n")[..8].Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c));
        var now = DateTimeOffset.UtcNow;
        var digits = string.Concat(tag.Select(c => (char)('0' + c % 10)))[..4];
        return new HandoffSubmission(
            IdempotencyKey: idempotencyKey ?? $"conv-{tag}:form-1",
            Name: $"Zelda Quintana{tag}",
            Phone: $"+1415555{digits}",
            Email: $"zelda.{tag}@visitor.example",
            PreferredContact: "text",
            BestTime: $"weekday mornings {tag}",
            Reason: "depression",
            Urgent: urgent,
            ConsentAt: now.AddSeconds(-30),
            PrivacyNoticeVersion: "2026-01",
            ConversationId: $"conv-{tag}",
            Channel: "webchat",
            Transcript:
            [
                new TranscriptLine("visitor", $"I'm Zelda Quintana{tag}, text me please", now.AddSeconds(-60)),
                new TranscriptLine("bot", "Thanks! What is the best time to reach you?", now.AddSeconds(-59)),
            ]);
    }

    public static IEnumerable<string> SensitiveValues(HandoffSubmission s) =>
        new[] { s.Name, s.Phone!, s.Phone![2..], s.Email!, s.BestTime!, s.Transcript[0].Text }.Where(v => v.Length > 0);

    public static Task<HandoffReceipt> SubmitAsync(this WebApplicationFactory<Program> app, HandoffSubmission submission) =>
        app.Services.GetRequiredService<HandoffService>().SubmitAsync(submission, CancellationToken.None);

    public static HttpClient ApiClient(this WebApplicationFactory<Program> app, string? key = ApiKey)
    {
        var client = app.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds}s waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }

    public static int FreePort() => BotProcess.FreePort();

    /// <summary>The real app with every log line it writes kept in <paramref name="logs"/>.</summary>
    public static WebApplicationFactory<Program> WithLogs(this BotApplication app, LogCapture logs) =>
        app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter(_ => true);
            logging.AddProvider(logs);
        }));
}
