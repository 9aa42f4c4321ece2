using System.Net;
using System.Text.RegularExpressions;
using Bot.Handoff;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Staff;

/// <summary>What the inbox shows a staff member on a phone: links to call and mail, the transcript as the visitor saw it, what just changed.</summary>
public partial class StaffInboxDisplayTests
{
    [Fact]
    public async Task PhoneAndEmailAreTapToCallAndTapToMailLinksWithTheNumberWrittenForReading()
    {
        await using var app = new BotApplication(Settings());
        var local = await app.SubmitAsync(Submission() with { Phone = "+14155550132", Email = "dana@visitor.example" });
        var abroad = await app.SubmitAsync(Submission() with { Phone = "+442079460958" });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, detail) = await staff.GetAsync($"/staff/requests/{local.Id}");
        Assert.Contains("<a class=\"tap\" href=\"tel:&#x2B;14155550132\">(415) 555-0132</a>", detail);
        Assert.Contains("<a class=\"tap\" href=\"mailto:dana@visitor.example\">dana@visitor.example</a>", detail);
        (_, detail) = await staff.GetAsync($"/staff/requests/{abroad.Id}");
        Assert.Contains("href=\"tel:&#x2B;442079460958\">&#x2B;44 20 7946 0958</a>", detail);
    }

    [Fact]
    public async Task BotMarkdownIsRenderedWhileVisitorMarkupStaysTextAndLineBreaksStay()
    {
        await using var app = new BotApplication(Settings());
        var now = DateTimeOffset.UtcNow;
        var receipt = await app.SubmitAsync(Submission() with
        {
            Transcript =
            [
                new TranscriptLine("visitor", "<b>hello</b> **not bold**\nsecond line", now.AddSeconds(-3)),
                new TranscriptLine("bot", "**Opening hours**\n\n- Monday\n- Tuesday\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(2)) [site](https://clinic.example/)", now.AddSeconds(-2)),
            ],
        });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Contains("<strong>Opening hours</strong>", detail);
        Assert.Contains("<li>Monday</li>", detail);
        Assert.Contains("<a href=\"https://clinic.example/\">site</a>", detail);
        var visitor = Regex.Match(detail, "<p class=\"text visitor-text\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;
        Assert.StartsWith("&lt;b&gt;hello&lt;/b&gt; **not bold**", visitor);
        Assert.Equal("<b>hello</b> **not bold**\nsecond line", WebUtility.HtmlDecode(visitor));
        Assert.Contains(".visitor-text,.note-text{white-space:pre-wrap}", detail);
        Assert.DoesNotContain("<b>hello", detail);
        Assert.DoesNotContain("<img", detail);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", detail);
        Assert.DoesNotContain("javascript:", detail);
    }

    [Fact]
    public async Task TheCrisisMessageIsMarkedInAnUrgentRequest()
    {
        await using var app = new BotApplication(Settings());
        var now = DateTimeOffset.UtcNow;
        var receipt = await app.SubmitAsync(Submission(urgent: true) with
        {
            Transcript =
            [
                new TranscriptLine("visitor", "what are your opening hours", now.AddSeconds(-5)),
                new TranscriptLine("bot", "We are open weekdays 8 to 6.", now.AddSeconds(-4)),
                new TranscriptLine("visitor", "honestly I don't want to be alive anymore", now.AddSeconds(-3)),
                new TranscriptLine("bot", "I'm really sorry.\n\n- **Call or text 988** to reach the 988 Suicide & Crisis Lifeline (24/7).", now.AddSeconds(-2)),
            ],
        });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        var flagged = CrisisLine().Matches(detail);
        var line = Assert.Single(flagged);
        Assert.Contains("want to be alive anymore", WebUtility.HtmlDecode(line.Value));
        Assert.Contains("<strong class=\"flag\">Crisis message</strong>", line.Value);
    }

    [Fact]
    public async Task StatusChangeAndNoteComeBackToTheirPlaceWithAConfirmation()
    {
        await using var app = new BotApplication(Settings());
        var receipt = await app.SubmitAsync(Submission());
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var page = $"/staff/requests/{receipt.Id}";

        var (_, before) = await staff.GetAsync(page);
        Assert.DoesNotContain("role=\"status\"", before);

        var change = await staff.SubmitAsync(page, $"{page}/status", ("status", "contacted"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal($"{page}?saved=status#status", change.Headers.Location!.OriginalString);
        var (_, after) = await staff.GetAsync(change.Headers.Location.OriginalString);
        Assert.Contains("<section id=\"status\"", after);
        Assert.Contains("<p class=\"saved\" role=\"status\">Saved: the status is now contacted.</p>", after);

        var note = await staff.SubmitAsync(page, $"{page}/notes", ("text", "Left a voicemail"));
        Assert.Equal($"{page}?saved=note#notes", note.Headers.Location!.OriginalString);
        (_, after) = await staff.GetAsync(note.Headers.Location.OriginalString);
        Assert.Contains("<section id=\"notes\"", after);
        Assert.Contains("<p class=\"saved\" role=\"status\">Saved: your note is the last one below.</p>", after);
        Assert.DoesNotContain("the status is now", after);
    }

    [Fact]
    public async Task HistorySaysWhatEachStatusChangedFromAndFoldsTheViews()
    {
        await using var app = new BotApplication(Settings());
        var receipt = await app.SubmitAsync(Submission());
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var page = $"/staff/requests/{receipt.Id}";
        await staff.SubmitAsync(page, $"{page}/status", ("status", "contacted"));
        await staff.SubmitAsync(page, $"{page}/status", ("status", "closed"));
        await staff.GetAsync(page);

        var (_, detail) = await staff.GetAsync(page);
        var history = WebUtility.HtmlDecode(detail[detail.IndexOf("<h2>History</h2>", StringComparison.Ordinal)..]);
        Assert.Contains($"{StaffUser}: status: new → contacted</li>", history);
        Assert.Contains($"{StaffUser}: status: contacted → closed</li>", history);
        var changes = history[..history.IndexOf("<details>", StringComparison.Ordinal)];
        Assert.DoesNotContain(": view", changes);
        // Two pages read before each post, one more, and this one: all in the audit log, folded on the page.
        Assert.Contains("<details><summary>4 views</summary>", history);
        Assert.Equal(4, Regex.Count(history, $"{StaffUser}: view</li>"));
    }

    [Fact]
    public async Task TheActiveFilterIsMarkedForScreenReadersAndTheEye()
    {
        await using var app = new BotApplication(Settings());
        await app.SubmitAsync(Submission());
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, all) = await staff.GetAsync("/staff");
        Assert.Contains("<a href=\"/staff\" aria-current=\"page\">All</a>", all);
        Assert.Equal(1, Regex.Count(all, "aria-current=\"page\""));
        Assert.Contains("<h1>Requests: all</h1>", all);

        var (_, contacted) = await staff.GetAsync("/staff?status=contacted");
        Assert.Contains("<a href=\"/staff?status=contacted\" aria-current=\"page\">contacted</a>", contacted);
        Assert.Equal(1, Regex.Count(contacted, "aria-current=\"page\""));
        Assert.Contains("<h1>Requests: contacted</h1>", contacted);
        Assert.Contains(".links a[aria-current]{background:#0b57d0;color:#fff", contacted);
    }

    [Fact]
    public async Task TimesAreShownInTheClinicsTimeZone()
    {
        await using var app = new BotApplication(Settings(("Staff:TimeZone", "America/New_York")));
        var winter = new DateTimeOffset(2026, 12, 2, 14, 14, 0, TimeSpan.Zero);
        var summer = new DateTimeOffset(2026, 7, 1, 14, 14, 0, TimeSpan.Zero);
        var receipt = await app.SubmitAsync(Submission() with
        {
            Transcript = [new TranscriptLine("visitor", "hello", winter), new TranscriptLine("bot", "hi", summer)],
        });
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);

        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Contains("<time datetime=\"2026-12-02T14:14:00Z\">2026-12-02 09:14 UTC−5</time>", detail);
        Assert.Contains("<time datetime=\"2026-07-01T14:14:00Z\">2026-07-01 10:14 UTC−4</time>", detail);

        await using var utc = new BotApplication(Settings());
        var again = await utc.SubmitAsync(Submission() with { Transcript = [new TranscriptLine("visitor", "hello", winter)] });
        var (_, inUtc) = await (await StaffBrowser.SignInAsync(utc, StaffUser, StaffPassword)).GetAsync($"/staff/requests/{again.Id}");
        Assert.Contains("2026-12-02 14:14 UTC</time>", inUtc);
    }

    [GeneratedRegex("<li class=\"line visitor crisis\">.*?</li>", RegexOptions.Singleline)]
    private static partial Regex CrisisLine();
}
