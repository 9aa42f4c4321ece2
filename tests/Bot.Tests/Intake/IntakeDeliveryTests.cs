using System.Text;
using System.Text.Json;
using Bot.Tests.Handoff;

namespace Bot.Tests.Intake;

/// <summary>From the visitor's confirmation to the clinic's team: staff API, email (maildev) and signed webhook.</summary>
public class IntakeDeliveryTests
{
    [Fact]
    public async Task ConfirmedIntakeReachesTheStaffApiTheMailCatcherAndTheWebhook()
    {
        var tag = Guid.NewGuid().ToString("n")[..8];
        var staffAddress = $"staff-{tag}@clinic.test";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new IntakeHarness(new Dictionary<string, string?>
        {
            ["Handoff:Email:Host"] = "127.0.0.1",
            ["Handoff:Email:Port"] = MailCatcher.SmtpPort,
            ["Handoff:Email:UseTls"] = "false",
            ["Handoff:Email:From"] = "bot@clinic.test",
            ["Handoff:Email:To"] = staffAddress,
            ["Handoff:Webhook:Url"] = receiver.Url,
            ["Handoff:Webhook:Secret"] = "intake-e2e-secret",
            ["Handoff:PollInterval"] = "00:00:00.500",
        }, fakeClock: false);
        var chat = app.Chat();
        await Transcripts.PlayAsync(chat, """
            > how do I sign up
            > I'm Orla Vantongeren, orla.v@mail.example, 415 555 0144
            > Text
            > weekday evenings
            > Anxiety
            > yes
            > yes
            > Confirm and send
            < reference number
            """);

        var request = Assert.Single(await app.RequestsAsync());
        Assert.Equal(("Orla Vantongeren", "+14155550144", "orla.v@mail.example", "text"), (request.Name, request.Phone, request.Email, request.PreferredContact));

        await HandoffTestKit.WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(staffAddress)).Count > 0, TimeSpan.FromSeconds(30), "the staff email");
        var mail = Assert.Single(await MailCatcher.MessagesToAsync(staffAddress));
        var mailText = mail.GetRawText();
        Assert.Contains(request.Reference, mailText, StringComparison.Ordinal);
        // By default the email carries the reference and a link, not the visitor's details.
        Assert.DoesNotContain("Vantongeren", mailText, StringComparison.Ordinal);
        Assert.DoesNotContain("555", mailText.Replace(request.Reference, ""), StringComparison.Ordinal);

        await HandoffTestKit.WaitUntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), TimeSpan.FromSeconds(30), "the webhook");
        var (_, body) = Assert.Single(receiver.Received);
        var hook = Encoding.UTF8.GetString(body);
        Assert.Contains(request.Reference, hook, StringComparison.Ordinal);
        Assert.Contains("4155550144", hook, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body).RootElement.ValueKind);
    }
}
