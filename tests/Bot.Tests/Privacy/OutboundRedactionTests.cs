using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Privacy;

/// <summary>
/// Free text a visitor typed leaves the handoff record (here by the webhook, with details included) only after
/// the local redactor, and after Azure AI Language's PII check when one is configured and answers in time.
/// </summary>
public class OutboundRedactionTests
{
    private const string BestTime = "after 5, or ring my sister Dr. Alvarez on (415) 555-0199 / alvarez.kin@example.org";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ContactDetailsInAFreeTextAnswerAreTakenOutLocally()
    {
        var (payload, _) = await DeliverAsync();
        var bestTime = payload.GetProperty("bestTime").GetString()!;
        Assert.Equal("after 5, or ring my sister Dr. Alvarez on [phone] / [email]", bestTime);
        Assert.StartsWith("+1415555", payload.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task WithAzureLanguageConfiguredItsEntitiesAreTakenOutToo()
    {
        await using var language = await AzureLanguageStandIn.StartAsync(new Dictionary<string, string> { ["Dr. Alvarez"] = "Person" });
        // A generous timeout: this test is about the entities, and on a loaded run the stand-in's first answer can
        // take longer than the 3 s default, after which the local redactor alone would (rightly) have been used.
        var (payload, _) = await DeliverAsync(("Privacy:AzureLanguage:Endpoint", language.Endpoint), ("Privacy:AzureLanguage:Key", AzureLanguageStandIn.Key),
            ("Privacy:AzureLanguage:Timeout", "00:00:15"));
        Assert.Equal("after 5, or ring my sister [Person] on [phone] / [email]", payload.GetProperty("bestTime").GetString());
        // The service only ever sees text the local redactor has already been over.
        Assert.All(language.TextsSeen, text => Assert.DoesNotContain("555-0199", text));
        Assert.Contains(language.TextsSeen, text => text.Contains("Dr. Alvarez"));
    }

    [Fact]
    public async Task ASlowAzureLanguageServiceFallsBackToTheLocalRedactorQuickly()
    {
        await using var language = await AzureLanguageStandIn.StartAsync(new Dictionary<string, string> { ["Dr. Alvarez"] = "Person" }, delay: TimeSpan.FromSeconds(30));
        var (payload, elapsed) = await DeliverAsync(("Privacy:AzureLanguage:Endpoint", language.Endpoint), ("Privacy:AzureLanguage:Key", AzureLanguageStandIn.Key),
            ("Privacy:AzureLanguage:Timeout", "00:00:00.500"));
        Assert.Equal("after 5, or ring my sister Dr. Alvarez on [phone] / [email]", payload.GetProperty("bestTime").GetString());
        // Well under the service's 30 s: the half-second timeout let the local redactor's text go.
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"delivered after {elapsed}");
    }

    [Fact]
    public async Task AnAzureLanguageServiceThatIsDownOrRefusesTheKeyFallsBackToTheLocalRedactor()
    {
        var (down, _) = await DeliverAsync(("Privacy:AzureLanguage:Endpoint", $"http://127.0.0.1:{FreePort()}/"), ("Privacy:AzureLanguage:Key", "k"));
        Assert.Equal("after 5, or ring my sister Dr. Alvarez on [phone] / [email]", down.GetProperty("bestTime").GetString());

        await using var language = await AzureLanguageStandIn.StartAsync(new Dictionary<string, string> { ["Dr. Alvarez"] = "Person" });
        var (refused, _) = await DeliverAsync(("Privacy:AzureLanguage:Endpoint", language.Endpoint), ("Privacy:AzureLanguage:Key", "wrong key"));
        Assert.Equal("after 5, or ring my sister Dr. Alvarez on [phone] / [email]", refused.GetProperty("bestTime").GetString());
    }

    private static async Task<(JsonElement Payload, TimeSpan Elapsed)> DeliverAsync(params (string, string?)[] settings)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new BotApplication(Settings([
            ("Handoff:Webhook:Url", receiver.Url), ("Handoff:Webhook:Secret", "s3cret"), ("Handoff:Webhook:IncludeContactDetails", "true"), .. settings]));
        _ = app.Server; // started before the clock: what is timed is the delivery, not the host's start on a busy machine
        var clock = Stopwatch.StartNew();
        await app.SubmitAsync(Submission() with { BestTime = BestTime });
        await WaitUntilAsync(() => Task.FromResult(!receiver.Received.IsEmpty), Patience, "the webhook");
        receiver.Received.TryPeek(out var delivery);
        return (JsonDocument.Parse(delivery.Body).RootElement.Clone(), clock.Elapsed);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
