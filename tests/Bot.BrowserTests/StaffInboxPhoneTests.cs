using System.Text.Json;
using Bot.Handoff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bot.BrowserTests;

/// <summary>
/// Every staff page in Chromium at a phone's width (390 px), the narrowest common one (320 px) and a desktop:
/// nothing scrolls sideways, every control is a 44 px target, and axe-core finds no WCAG 2.2 AA violation.
/// </summary>
public class StaffInboxPhoneTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Links inside transcript prose are words in a sentence: WCAG 2.5.8 exempts them; they still get a 24 px line.
    private const string Targets = """
        () => [...document.querySelectorAll('a[href], button, select, input:not([type=hidden]), textarea, summary')]
          .filter(e => e.getClientRects().length > 0)
          .map(e => { const r = e.getBoundingClientRect(); const inline = !!e.closest('.prose');
            return { name: (e.textContent || e.name || e.tagName).trim().slice(0, 40), w: r.width, h: r.height, inline,
              small: inline ? r.height < 24 : (r.height < 44 || r.width < 44) }; })
          .filter(t => t.small)
        """;

    [Theory]
    [InlineData(390, 844)]
    [InlineData(320, 640)]
    [InlineData(1280, 900)]
    public async Task EveryStaffPageFitsTheScreenHasLargeTargetsAndNoAxeViolations(int width, int height)
    {
        var app = fixture.App;
        var request = await SeedAsync(app);
        await SeedQuestionsAsync(app);
        var (page, problems) = await app.NewPageAsync(width, height, secure: true);

        await page.GotoAsync(app.SecureUrl + "/staff/login");
        await CheckAsync(page, "sign-in");
        await page.GetByLabel("User name").FillAsync(BrowserApp.StaffUser);
        await page.GetByLabel("Password").FillAsync(BrowserApp.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Requests: all" })).ToBeVisibleAsync();
        await CheckAsync(page, "list");
        await Screenshot(page, width, "inbox-phone.png");

        // The whole card opens the request: a tap on its lower right corner, away from the reference link's text.
        var card = page.Locator(".card", new() { HasText = request.Reference });
        var box = (await card.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width - 8, box.Y + box.Height - 8);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = request.Reference })).ToBeVisibleAsync();

        await page.GetByLabel("Add a note").FillAsync("Called back, see " + LongUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: your note is the last one below.");
        Assert.EndsWith("?saved=note#notes", page.Url);
        Assert.True(await page.Locator("#notes").EvaluateAsync<bool>("e => e.getBoundingClientRect().top < innerHeight"), "the page is back at the notes");
        await CheckAsync(page, "detail");
        await page.GotoAsync(page.Url.Split('?')[0]);
        await Screenshot(page, width, "inbox-phone-detail.png");

        await page.GotoAsync(app.SecureUrl + "/staff?status=new");
        await CheckAsync(page, "list filtered");

        await page.GotoAsync(app.SecureUrl + "/staff/insights");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await CheckAsync(page, "dashboard");
        await Screenshot(page, width, "insights-dashboard-phone.png");
        await page.GotoAsync(app.SecureUrl + "/staff/insights/unanswered");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Attach as a phrasing" }).First).ToBeVisibleAsync();
        await CheckAsync(page, "unanswered questions");

        await page.GotoAsync(app.SecureUrl + "/staff/erasure");
        await CheckAsync(page, "erasure form");
        await page.GetByLabel("or phone").FillAsync(request.Phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find requests" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm erasure" })).ToBeVisibleAsync();
        await CheckAsync(page, "erasure confirmation");

        // The pages staff meet when something is off: a request that is gone, and a form posted without its token.
        await page.GotoAsync(app.SecureUrl + "/staff/requests/" + Guid.NewGuid());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await CheckAsync(page, "not found");
        await page.EvaluateAsync("() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/staff/erasure'; document.body.append(f); f.submit(); }");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Form expired" })).ToBeVisibleAsync();
        await CheckAsync(page, "form expired");

        Assert.True(WithoutTheErrorStatusesAsked(problems).Count == 0, string.Join("\n", problems));

        Task CheckAsync(IPage p, string what) => CheckPageAsync(p, what, width);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task TheFirstRunSetupPageFitsTheScreenHasLargeTargetsAndNoAxeViolations(int width, int height)
    {
        await using var app = await BrowserApp.StartAsync(withStaffAccount: false);
        var (page, problems) = await app.NewPageAsync(width, height, secure: true);
        await page.GotoAsync(app.SecureUrl + "/staff/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set the admin password" })).ToBeVisibleAsync();
        await CheckPageAsync(page, "setup", width);
        await page.GetByLabel("Setup code").FillAsync("WRONGCODE1");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("a long enough password");
        await page.GetByLabel("Password again").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("setup code is not right");
        await CheckPageAsync(page, "setup with an error", width);
        Assert.True(WithoutTheErrorStatusesAsked(problems).Count == 0, string.Join("\n", problems));
    }

    /// <summary>The browser logs a 4xx document as a failed load: expected here, where the test asks for those pages.</summary>
    private static List<string> WithoutTheErrorStatusesAsked(List<string> problems) =>
        problems.Where(p => !System.Text.RegularExpressions.Regex.IsMatch(p, "Failed to load resource: the server responded with a status of 40[04]")).ToList();

    private static async Task CheckPageAsync(IPage p, string what, int width)
    {
        var overflow = await p.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth");
        Assert.True(overflow <= 0, $"{what} at {width} px scrolls sideways by {overflow} px");
        var small = await p.EvaluateAsync<JsonElement>(Targets);
        Assert.True(small.GetArrayLength() == 0, $"{what} at {width} px has small targets: {small}");
        var violations = await Axe.ViolationsAsync(p);
        Assert.True(violations.Count == 0, $"{what} at {width} px:\n" + string.Join("\n", violations));
    }

    private static readonly string LongUrl = "https://records.clinic.example/visitors/" + string.Concat(Enumerable.Repeat("a1b2c3d4e5", 30));

    private static async Task Screenshot(IPage page, int width, string name)
    {
        if (width == 390 && BrowserApp.ScreenshotDir is { } dir)
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name), FullPage = true });
        }
    }

    /// <summary>A long unanswered question (with its near-duplicate) and a short one, for the insights pages.</summary>
    private static async Task SeedQuestionsAsync(BrowserApp app)
    {
        var store = app.Services.GetRequiredService<Bot.Insights.InsightsStore>();
        var now = DateTimeOffset.UtcNow;
        await store.KeepAsync(null, "can I bring my emotional support dog into the infusion room with me " + LongUrl, "seed-1", now.AddDays(-3), 3, CancellationToken.None);
        var group = (await store.OpenGroupsAsync(CancellationToken.None))[0].Id;
        await store.KeepAsync(group, "is my support dog allowed in the room", "seed-2", now, 3, CancellationToken.None);
        await store.KeepAsync(null, "parking?", "seed-3", now, 3, CancellationToken.None);
    }

    /// <summary>An urgent request whose transcript has markdown, a link, a crisis message and the bot's crisis reply.</summary>
    private static async Task<(string Reference, string Phone)> SeedAsync(BrowserApp app)
    {
        var tag = Guid.NewGuid().ToString("n")[..8];
        var digits = string.Concat(tag.Select(c => (char)('0' + c % 10)))[..4];
        var phone = $"+1415555{digits}";
        var now = DateTimeOffset.UtcNow;
        var receipt = await app.Services.GetRequiredService<HandoffService>().SubmitAsync(new HandoffSubmission(
            $"phone-test-{tag}:form-1", $"Dana Longname-Featherstonehaugh {tag}", phone, $"dana.featherstonehaugh.{tag}@visitor.example",
            "call", "weekday mornings", "depression", Urgent: true, now.AddMinutes(-1), "2026-01", $"conv-{tag}", "webchat",
            [
                new TranscriptLine("visitor", "what are your hours?\nand do you take insurance", now.AddMinutes(-5)),
                new TranscriptLine("bot", "We are open **weekdays 8 to 6**. See [our insurance page](https://clinic.example/insurance) for plans.", now.AddMinutes(-5)),
                new TranscriptLine("visitor", "honestly I don't want to be alive anymore", now.AddMinutes(-4)),
                new TranscriptLine("bot", "I'm really sorry you're feeling this way.\n\n- **Call or text 988** to reach the 988 Suicide & Crisis Lifeline (24/7).", now.AddMinutes(-4)),
            ]), CancellationToken.None);
        return (receipt.Reference, phone);
    }
}
