using System.Net;
using System.Text.RegularExpressions;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Staff;

public class StaffInboxTests
{
    [Fact]
    public async Task SignedOutVisitorsAreSentToSignInAndWrongPasswordsAreRefused()
    {
        await using var app = new BotApplication(Settings());
        var browser = StaffBrowser.Open(app);
        var list = await browser.Client.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.StartsWith("/staff/login", list.Headers.Location!.OriginalString);

        var wrong = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", "not the password"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("did not match", await wrong.Content.ReadAsStringAsync());

        var right = await browser.SubmitAsync("/staff/login", "/staff/login", ("username", StaffUser), ("password", StaffPassword));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-staff=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).Status);
    }

    [Fact]
    public async Task FormPostsWithoutTheAntiforgeryTokenChangeNothing()
    {
        await using var app = new BotApplication(Settings());
        var receipt = await app.SubmitAsync(Submission());
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var forged = await staff.PostAsync($"/staff/requests/{receipt.Id}/status", ("status", "spam"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("expired", await forged.Content.ReadAsStringAsync());
        var forgedLogin = await StaffBrowser.Open(app).PostAsync("/staff/login", ("username", StaffUser), ("password", StaffPassword));
        Assert.Equal(HttpStatusCode.BadRequest, forgedLogin.StatusCode);

        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Contains("<dt>Status</dt><dd>new</dd>", detail);
    }

    [Fact]
    public async Task StaffListFiltersOpensChangesStatusAddsNotesAndExports()
    {
        await using var app = new BotApplication(Settings());
        var calm = Submission();
        var urgent = Submission(urgent: true);
        var calmReceipt = await app.SubmitAsync(calm);
        var urgentReceipt = await app.SubmitAsync(urgent);
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, list) = await staff.GetAsync("/staff");
        Assert.True(list.IndexOf(urgentReceipt.Reference, StringComparison.Ordinal) < list.IndexOf(calmReceipt.Reference, StringComparison.Ordinal), "urgent on top");
        Assert.Contains("URGENT", list);
        Assert.Contains("width=device-width", list);

        var (status, detail) = await staff.GetAsync($"/staff/requests/{calmReceipt.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        var shown = WebUtility.HtmlDecode(detail);
        Assert.Contains(calm.Name, shown);
        Assert.Contains(calm.Phone!, shown);
        Assert.Contains(calm.Email!, shown);
        Assert.Contains(calm.Transcript[0].Text, shown);
        Assert.Contains(calm.Transcript[1].Text, shown);

        var change = await staff.SubmitAsync($"/staff/requests/{calmReceipt.Id}", $"/staff/requests/{calmReceipt.Id}/status", ("status", "scheduled"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var note = await staff.SubmitAsync($"/staff/requests/{calmReceipt.Id}", $"/staff/requests/{calmReceipt.Id}/notes", ("text", "Booked Tue 10am <b>bold</b>"));
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        (_, detail) = await staff.GetAsync($"/staff/requests/{calmReceipt.Id}");
        Assert.Contains("<dt>Status</dt><dd>scheduled</dd>", detail);
        Assert.Contains("Booked Tue 10am &lt;b&gt;bold&lt;/b&gt;", detail);
        Assert.Contains($"{StaffUser}: status: new → scheduled", WebUtility.HtmlDecode(detail));
        Assert.Contains($"{StaffUser}: note", detail);
        Assert.Contains($"{StaffUser}: view", detail);

        var (_, scheduled) = await staff.GetAsync("/staff?status=scheduled");
        Assert.Contains(calmReceipt.Reference, scheduled);
        Assert.DoesNotContain(urgentReceipt.Reference, scheduled);

        var csv = await staff.Client.GetAsync("/staff/export.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,reference,createdAt,status,urgent,name,phone,email,preferredContact,bestTime,reason,consentAt,conversationId", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{urgentReceipt.Id},{urgentReceipt.Reference},", lines[1]);
        Assert.Contains($",scheduled,false,{calm.Name},{calm.Phone},{calm.Email},text,", lines[2]);
    }

    [Fact]
    public async Task FirstRunSetupSetsTheAdminPasswordOnceWithTheCodeFromTheLog()
    {
        var logs = new LogCapture();
        await using var bot = new BotApplication(new Dictionary<string, string?>());
        var app = bot.WithLogs(logs);
        var browser = StaffBrowser.Open(app);

        var login = await browser.Client.GetAsync("/staff/login");
        Assert.Equal("/staff/setup", login.Headers.Location!.ToString());
        var code = Regex.Match(string.Join("\n", logs.Lines), "setup code ([A-Z0-9]{10})").Groups[1].Value;
        Assert.NotEmpty(code);

        var badCode = await browser.SubmitAsync("/staff/setup", "/staff/setup", ("code", "WRONGCODE1"), ("password", "a long admin password"), ("confirm", "a long admin password"));
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        var set = await browser.SubmitAsync("/staff/setup", "/staff/setup", ("code", code), ("password", "a long admin password"), ("confirm", "a long admin password"));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).Status);

        var again = StaffBrowser.Open(app);
        Assert.Equal("/staff/login", (await again.Client.GetAsync("/staff/setup")).Headers.Location!.ToString());
        var signIn = await again.SubmitAsync("/staff/login", "/staff/login", ("username", "admin"), ("password", "a long admin password"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }
}
