namespace Bot.Tests.Intake;

public class IntakePrivacyTests
{
    [Fact]
    public async Task LogsOfAFullIntakeHoldNoneOfTheVisitorsDetails()
    {
        await using var app = new IntakeHarness(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        await Transcripts.PlayAsync(app.Chat(), """
            > Book a free assessment
            > my name is Rosalind Quixote, rosalind.q@quixote-mail.example
            > 415 555 0177
            > wait, does it hurt?
            > actually my number is 212 555 0166
            > Text
            > Thursdays after 4pm
            > Chronic pain
            > yes
            > yes
            > Confirm and send
            < reference number
            """);
        Assert.Single(await app.RequestsAsync());
        Assert.NotEmpty(app.Logs.Lines);
        foreach (var secret in new[] { "Rosalind", "Quixote", "quixote-mail", "555 0177", "5550177", "555-0177", "5550166", "555 0166", "Thursdays" })
        {
            Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
