using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Handoff;

public class DeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static (string, string?)[] Email(string to, bool includeContactDetails = false, string? port = null) =>
    [
        ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", port ?? MailCatcher.SmtpPort), ("Handoff:Email:UseTls", "false"),
        ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", to),
        ("Handoff:Email:IncludeContactDetails", includeContactDetails ? "true" : "false"),
    ];

    private static string StaffAddress() => $"staff-{Guid.NewGuid():n}@clinic.test";

    private static Task<IReadOnlyList<Delivery>> DeliveriesAsync(BotApplication app, Guid id) =>
        app.Services.GetRequiredService<HandoffStore>().DeliveriesAsync(id, CancellationToken.None);

    [Fact]
    public async Task EmailToStaffCarriesOnlyTheReferenceTimeAndLinkByDefault()
    {
        var to = StaffAddress();
        await using var app = new BotApplication(Settings(Email(to)));
        var submission = Submission(urgent: true);
        var receipt = await app.SubmitAsync(submission);

        await WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(to)).Count > 0, Patience, "the staff email");
        var mail = Assert.Single(await MailCatcher.MessagesToAsync(to));
        var subject = mail.GetProperty("subject").GetString()!;
        var text = mail.GetProperty("text").GetString()!;
        Assert.Equal($"URGENT: New assessment request {receipt.Reference}", subject);
        Assert.Contains($"Reference: {receipt.Reference}", text);
        Assert.Contains($"https://clinic.test/staff/requests/{receipt.Id}", text);
        Assert.Contains("Received: ", text);
        foreach (var value in SensitiveValues(submission).Append("depression"))
        {
            Assert.DoesNotContain(value, text + subject);
        }
        await WaitUntilAsync(async () => (await DeliveriesAsync(app, receipt.Id)).Single().State == "sent", Patience, "the job marked sent");
    }

    [Fact]
    public async Task EmailCarriesContactDetailsWhenTheClinicOptsIn()
    {
        var to = StaffAddress();
        await using var app = new BotApplication(Settings(Email(to, includeContactDetails: true)));
        var submission = Submission();
        var receipt = await app.SubmitAsync(submission);

        await WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(to)).Count > 0, Patience, "the staff email");
        var mail = Assert.Single(await MailCatcher.MessagesToAsync(to));
        Assert.Equal($"New assessment request {receipt.Reference}", mail.GetProperty("subject").GetString());
        var text = mail.GetProperty("text").GetString()!;
        Assert.Contains(submission.Name, text);
        Assert.Contains(submission.Phone!, text);
        Assert.Contains(submission.Email!, text);
        Assert.Contains(submission.BestTime!, text);
    }

    [Fact]
    public async Task WebhookIsSignedOverTheExactBodyAndCarriesAnIdempotencyKey()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new BotApplication(Settings(("Handoff:Webhook:Url", receiver.Url), ("Handoff:Webhook:Secret", "s3cret-for-tests")));
        var submission = Submission();
        var receipt = await app.SubmitAsync(submission);

        await WaitUntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), Patience, "the webhook");
        var (headers, body) = Assert.Single(receiver.Received);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-for-tests"), body));
        Assert.Equal(expected, headers["X-Signature"].ToString());
        Assert.Equal($"{receipt.Id:N}-webhook", headers["Idempotency-Key"].ToString());
        Assert.StartsWith("application/json", headers.ContentType.ToString());
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("handoff.created", json.GetProperty("event").GetString());
        Assert.Equal(receipt.Reference, json.GetProperty("reference").GetString());
        Assert.Equal(submission.Phone, json.GetProperty("phone").GetString());
        await WaitUntilAsync(async () => (await DeliveriesAsync(app, receipt.Id)).Single().State == "sent", Patience, "the job marked sent");
    }

    [Fact]
    public async Task WebhookReceiverThatIsDownThenUpGetsTheRequestOnceAfterRetry()
    {
        var port = FreePort();
        await using var app = new BotApplication(Settings(("Handoff:Webhook:Url", $"http://127.0.0.1:{port}/hook"), ("Handoff:Webhook:Secret", "k")));
        var receipt = await app.SubmitAsync(Submission());

        await WaitUntilAsync(async () => (await DeliveriesAsync(app, receipt.Id)).Single() is { Attempts: >= 1, State: "pending", LastError: not null },
            Patience, "a failed first attempt");
        await using var receiver = await WebhookReceiver.StartAsync(port);
        await WaitUntilAsync(async () => (await DeliveriesAsync(app, receipt.Id)).Single().State == "sent", Patience, "delivery after retry");
        await Task.Delay(1000);
        var (headers, _) = Assert.Single(receiver.Received);
        Assert.Equal($"{receipt.Id:N}-webhook", headers["Idempotency-Key"].ToString());
        Assert.True((await DeliveriesAsync(app, receipt.Id)).Single().Attempts >= 2);
    }

    [Fact]
    public async Task DeliveryThatKeepsFailingIsMarkedFailedAndShowsInTheInbox()
    {
        var to = StaffAddress();
        await using var app = new BotApplication(Settings([.. Email(to, port: FreePort().ToString()), ("Handoff:MaxAttempts", "2")]));
        var receipt = await app.SubmitAsync(Submission());

        await WaitUntilAsync(async () => (await DeliveriesAsync(app, receipt.Id)).Single().State == "failed", Patience, "the job marked failed");
        Assert.Equal(2, (await DeliveriesAsync(app, receipt.Id)).Single().Attempts);

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (_, list) = await staff.GetAsync("/staff");
        Assert.Contains("could not be delivered", list);
        Assert.Contains("delivery failed", list);
        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Matches("<td>email</td><td><span class=\"badge failed\">failed</span></td><td>2</td>", detail);
        Assert.Empty(await MailCatcher.MessagesToAsync(to));
    }
}
