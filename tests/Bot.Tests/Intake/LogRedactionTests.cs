using System.Net.Http.Json;
using System.Text.Json;

namespace Bot.Tests.Intake;

/// <summary>Every log line of a full intake, a crisis conversation, a refused request and an erasure, at every level.</summary>
public class LogRedactionTests
{
    [Fact]
    public async Task NoLogLineHoldsTheVisitorsDetailsOrWhatTheyTyped()
    {
        await using var app = new IntakeHarness(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Handoff:MaxPerAddressPerHour"] = "1",
            ["Bot:AllowAnonymous"] = "true",
        });
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.77");
        var chat = new ChatClient(http);
        await Transcripts.PlayAsync(chat, """
            > how do I sign up
            > I'm Marisol Featherstonehaugh, marisol.fh@mail.example, (415) 555-0177
            > Text
            > weekday evenings
            > Anxiety
            > yes
            > yes
            > Confirm and send
            < reference number
            """);
        var crisis = new ChatClient(http);
        await Transcripts.PlayAsync(crisis, """
            > honestly I want to kill myself tonight
            < 988
            > how do I sign up
            > I'm Quillon Abernathy-Voss, quillon.av@mail.example, 415 555 0188
            > Call
            > after lunch on thursdays
            > Depression
            > yes
            > yes
            > Confirm and send
            < 888
            """);
        var reference = Assert.Single(await app.RequestsAsync()).Reference;

        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", IntakeHarness.ApiKey);
        var erased = await api.PostAsJsonAsync("/api/erasure", new { email = "marisol.fh@mail.example" });
        Assert.Equal(1, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetInt32());
        await api.PostAsJsonAsync("/api/erasure", new { phone = "+1 415-555-0188" });

        var all = string.Join("\n", app.Logs.Lines);
        Assert.Contains(reference, all);
        string[] details =
        [
            "Marisol", "Featherstonehaugh", "marisol.fh@mail.example", "(415) 555-0177", "+14155550177", "4155550177", "555-0177", "555 0177",
            "Quillon", "Abernathy", "quillon.av@mail.example", "+14155550188", "415 555 0188", "555-0188", "4155550188",
            "kill myself", "tonight", "after lunch", "weekday evenings", "203.0.113.77",
        ];
        foreach (var detail in details)
        {
            Assert.DoesNotContain(detail, all, StringComparison.OrdinalIgnoreCase);
        }
        // The refused request's address and the erasure's contact were logged, as classified values.
        Assert.Contains("[redacted]", all);
    }
}
