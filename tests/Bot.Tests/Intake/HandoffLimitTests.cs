using System.Net.Http.Json;
using System.Text.Json;

namespace Bot.Tests.Intake;

/// <summary>Handoff limits and same-details updates, through real conversations over /api/messages.</summary>
public class HandoffLimitTests
{
    private const string ClinicPhone = "+1 (888) 803-3375";

    /// <summary>Fills the form in one conversation and returns the bot's answer to "Confirm and send".</summary>
    private static async Task<string> RequestAsync(ChatClient chat, string name, string email, string phone)
    {
        await Transcripts.PlayAsync(chat, $"""
            > how do I sign up
            > I'm {name}, {email}, {phone}
            > Text
            > weekday evenings
            > Anxiety
            > yes
            > yes
            < Shall I send this
            """);
        return string.Join("\n", (await chat.SayAsync("Confirm and send")).Select(r => r.Text));
    }

    private static ChatClient ChatFrom(IntakeHarness app, string address)
    {
        var http = app.CreateClient();
        // The app trusts X-Forwarded-For from its proxy (see Program.cs); the test server plays the proxy.
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return new ChatClient(http);
    }

    [Fact]
    public async Task AFourthRequestInOneConversationWithinAnHourGetsThePhoneNumberInsteadAndAnHourLaterOneGoesThrough()
    {
        await using var app = new IntakeHarness(FromManyAddresses());
        var chat = app.Chat();
        string[] names = ["Orla Vantongeren", "Bram Okonkwo", "Ines Halvorsen", "Tomas Achterberg", "Priya Castellano"];
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("reference number", await RequestAsync(chat, names[i], $"visitor{i}@mail.example", $"415 555 01{40 + i}"));
        }

        var refused = await RequestAsync(chat, names[3], "visitor3@mail.example", "415 555 0143");
        Assert.Contains(ClinicPhone, refused);
        Assert.DoesNotContain("reference number", refused);
        Assert.Equal(3, (await app.RequestsAsync()).Count);
        Assert.DoesNotContain(await app.RequestsAsync(), r => r.Name == names[3]);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Contains("reference number", await RequestAsync(chat, names[4], "visitor4@mail.example", "415 555 0144"));
        Assert.Equal(4, (await app.RequestsAsync()).Count);
    }

    [Fact]
    public async Task OneClientAddressIsLimitedPerHourWhileAnotherAddressIsNot()
    {
        await using var app = new IntakeHarness(FromManyAddresses(("Handoff:MaxPerAddressPerHour", "2")));
        Assert.Contains("reference number", await RequestAsync(ChatFrom(app, "203.0.113.7"), "Orla Vantongeren", "orla@mail.example", "415 555 0140"));
        Assert.Contains("reference number", await RequestAsync(ChatFrom(app, "203.0.113.7"), "Bram Okonkwo", "bram@mail.example", "415 555 0141"));

        var refused = await RequestAsync(ChatFrom(app, "203.0.113.7"), "Ines Halvorsen", "ines@mail.example", "415 555 0142");
        Assert.Contains(ClinicPhone, refused);
        Assert.DoesNotContain("reference number", refused);

        Assert.Contains("reference number", await RequestAsync(ChatFrom(app, "198.51.100.9"), "Tomas Achterberg", "tomas@mail.example", "415 555 0143"));
        Assert.Equal(["Bram Okonkwo", "Orla Vantongeren", "Tomas Achterberg"], (await app.RequestsAsync()).Select(r => r.Name).Order());
    }

    [Fact]
    public async Task TheSamePhoneInAnotherFormatWithinADayUpdatesTheOpenRequestUnderTheSameReference()
    {
        await using var app = new IntakeHarness(FromManyAddresses());
        var first = await RequestAsync(app.Chat(), "Orla Vantongeren", "orla@mail.example", "415 555 0144");
        var reference = Assert.Single(await app.RequestsAsync()).Reference;
        Assert.Contains(reference, first);

        app.Clock.Advance(TimeSpan.FromHours(20));
        var again = await RequestAsync(app.Chat(), "Orla Vantongeren-Byrne", "orla.other@mail.example", "(415) 555-0144");
        Assert.Contains("updated", again);
        Assert.Contains(reference, again);

        var request = Assert.Single(await app.RequestsAsync());
        Assert.Equal((reference, "Orla Vantongeren-Byrne", "orla.other@mail.example"), (request.Reference, request.Name, request.Email));
        // Both conversations stay with the request for staff.
        Assert.Contains(request.Transcript, l => l.Contains("orla@mail.example", StringComparison.Ordinal));
        Assert.Contains(request.Transcript, l => l.Contains("orla.other@mail.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSameEmailAfterADayOrAfterTheRequestIsClosedMakesANewRequest()
    {
        await using var app = new IntakeHarness(FromManyAddresses());
        await RequestAsync(app.Chat(), "Orla Vantongeren", "orla@mail.example", "415 555 0144");
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.DoesNotContain("updated", await RequestAsync(app.Chat(), "Orla Vantongeren", "ORLA@mail.example", "415 555 0199"));
        Assert.Equal(2, (await app.RequestsAsync()).Count);

        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", IntakeHarness.ApiKey);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/handoffs");
        foreach (var item in list.GetProperty("items").EnumerateArray())
        {
            (await api.PatchAsJsonAsync($"/api/handoffs/{item.GetProperty("id").GetString()}", new { status = "closed" })).EnsureSuccessStatusCode();
        }
        Assert.DoesNotContain("updated", await RequestAsync(app.Chat(), "Orla Vantongeren", "orla@mail.example", "415 555 0144"));
        Assert.Equal(3, (await app.RequestsAsync()).Count);
    }

    /// <summary>
    /// Visitors from other addresses than the test's own reach /api/messages only when it is open to them; and the
    /// hourly handoff caps are under test here, not the per-minute message limits (RateLimitTests), which several
    /// whole intakes typed in a second would meet.
    /// </summary>
    private static Dictionary<string, string?> FromManyAddresses(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true", ["RateLimits:Enabled"] = "false" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }
}
