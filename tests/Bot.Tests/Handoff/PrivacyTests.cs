using System.Net.Http.Json;
using Bot.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

public class PrivacyTests
{
    [Fact]
    public async Task LogsOfSubmissionDeliveryAndStaffWorkCarryNoVisitorDetails()
    {
        var logs = new LogCapture();
        var to = $"staff-{Guid.NewGuid():n}@clinic.test";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bot = new BotApplication(Settings(
            ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", MailCatcher.SmtpPort), ("Handoff:Email:UseTls", "false"),
            ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", to), ("Handoff:Email:IncludeContactDetails", "true"),
            ("Handoff:Webhook:Url", receiver.Url), ("Handoff:Webhook:Secret", "k")));
        var app = bot.WithLogs(logs);
        var submission = Submission(urgent: true);
        var receipt = await app.SubmitAsync(submission);
        await app.SubmitAsync(submission);

        var store = app.Services.GetRequiredService<HandoffStore>();
        await WaitUntilAsync(async () => (await store.DeliveriesAsync(receipt.Id, CancellationToken.None)).All(d => d.State == "sent"),
            TimeSpan.FromSeconds(20), "email and webhook delivered");
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        await staff.GetAsync("/staff");
        await staff.GetAsync($"/staff/requests/{receipt.Id}");
        await staff.SubmitAsync($"/staff/requests/{receipt.Id}", $"/staff/requests/{receipt.Id}/notes", ("text", $"called {submission.Phone}"));
        await staff.SubmitAsync($"/staff/requests/{receipt.Id}", $"/staff/requests/{receipt.Id}/status", ("status", "contacted"));
        await staff.Client.GetAsync("/staff/export.csv");
        var api = app.ApiClient();
        await api.GetJsonAsync("/api/handoffs");
        await api.GetJsonAsync($"/api/handoffs/{receipt.Id}");
        await api.PatchAsJsonAsync($"/api/handoffs/{receipt.Id}", new { status = "closed" });

        var all = string.Join("\n", logs.Lines);
        Assert.Contains(receipt.Reference, all);
        foreach (var value in SensitiveValues(submission))
        {
            Assert.DoesNotContain(value, all);
        }
    }
}
