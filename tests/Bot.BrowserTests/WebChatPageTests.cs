using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bot.BrowserTests;

/// <summary>One app and one Chromium for the class (start-up is the slow part); each test gets its own browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public BrowserApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await BrowserApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class WebChatPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Generous: parsing the 3.9 MB Web Chat bundle takes seconds on a busy 2-core machine.
    internal static readonly LocatorAssertionsToBeVisibleOptions Patient = new() { Timeout = 45_000 };
    internal static readonly LocatorAssertionsToHaveCountOptions PatientCount = new() { Timeout = 45_000 };

    [Fact]
    public async Task VisitorAsksAQuestionAndSeesTheAnswerWithItsCitation()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(BotMessages(page).First).ToBeVisibleAsync(Patient);

        await SendAsync(page, "what does an infusion feel like");

        await Expect(Transcript(page).GetByText("What an infusion feels like").First).ToBeVisibleAsync(Patient);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pasithea Clinics" })).ToBeVisibleAsync();
        await Expect(page.GetByText("not medical advice").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "+1 (888) 803-3375" }).First).ToBeVisibleAsync();
        await Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);
        if (BrowserApp.ScreenshotDir is { } dir)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "webchat.png") });
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ClickingASuggestedActionAsksThatQuestion()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        var suggestion = page.Locator("button.webchat__suggested-action", new() { HasText = "What are the side effects?" });
        await Expect(suggestion).ToBeVisibleAsync(Patient);

        await suggestion.ClickAsync();

        // The visitor's question shows as sent (imBack), then a second bot message answers it.
        await Expect(Transcript(page).Locator("p", new() { HasText = "What are the side effects?" }).First).ToBeVisibleAsync(Patient);
        await Expect(BotMessages(page)).ToHaveCountAsync(2, PatientCount);
        await Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ReloadingThePageKeepsTheConversation()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(BotMessages(page).First).ToBeVisibleAsync(Patient);
        await SendAsync(page, "how long does an infusion take");
        await Expect(BotMessages(page)).ToHaveCountAsync(2, PatientCount);
        var conversationBefore = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('clinic-chat-session')).conversationId");

        await page.ReloadAsync();

        await Expect(Transcript(page).Locator("p", new() { HasText = "how long does an infusion take" }).First).ToBeVisibleAsync(Patient);
        await Expect(BotMessages(page)).ToHaveCountAsync(2, PatientCount);
        Assert.Equal(conversationBefore, await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('clinic-chat-session')).conversationId"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task WidgetOpensTheChatOnTheDemoSiteAt360PixelsWide()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync(360, 740);
        await page.GotoAsync(app.BaseUrl + "/demo");
        var bubble = page.GetByRole(AriaRole.Button, new() { Name = "Open chat with Pasithea Clinics" });
        await Expect(page.Locator("iframe")).ToHaveCountAsync(0);

        await bubble.ClickAsync();

        await Expect(page.Locator("iframe[title='Pasithea Clinics chat']")).ToHaveCountAsync(1);
        var chat = await BrowserApp.WidgetFrameAsync(page);
        await Expect(chat.Locator(".webchat__bubble__content").First).ToBeVisibleAsync(Patient);
        await Expect(chat.Locator("button.webchat__suggested-action").First).ToBeVisibleAsync();
        // At phone width the panel is full screen with its own close button; the bubble under it is hidden.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close chat", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("button[aria-controls='clinic-chat-panel']")).ToHaveAttributeAsync("aria-expanded", "true");
        var box = await page.Locator("#clinic-chat-panel").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 360, $"panel spans {box.X}..{box.X + box.Width}");
        if (BrowserApp.ScreenshotDir is { } dir)
        {
            await page.SetViewportSizeAsync(1100, 760);
            await page.WaitForTimeoutAsync(800);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "widget.png") });
        }
        await chat.GetByRole(AriaRole.Textbox).First.PressAsync("Escape");
        await Expect(page.Locator("#clinic-chat-panel")).ToBeHiddenAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task KeyboardOnlyVisitorOpensTheWidgetAsksAndClosesIt()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/demo");
        var bubble = page.Locator("button[aria-controls='clinic-chat-panel']");
        await Expect(bubble).ToHaveAttributeAsync("aria-label", "Open chat with Pasithea Clinics");

        // Tab through the page's links until the bubble has focus: no mouse anywhere in this test.
        for (var i = 0; i < 20 && !await IsFocusedAsync(bubble); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(bubble).ToBeFocusedAsync();
        Assert.Equal("Open chat with Pasithea Clinics", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));

        await page.Keyboard.PressAsync("Enter");

        await Expect(bubble).ToHaveAttributeAsync("aria-expanded", "true");
        var iframe = page.Locator("#clinic-chat-panel iframe");
        await Expect(iframe).ToBeVisibleAsync();
        Assert.False(string.IsNullOrWhiteSpace(await bubble.GetAttributeAsync("aria-label")), "the bubble button has no accessible name");
        Assert.False(string.IsNullOrWhiteSpace(await iframe.GetAttributeAsync("title")), "the chat iframe has no accessible name");
        var chat = await BrowserApp.WidgetFrameAsync(page);
        var sendBox = chat.Locator("input[type='text'], textarea").First;
        await Expect(sendBox).ToBeVisibleAsync(Patient);

        // Tab on into the frame until Web Chat's send box has focus.
        var focusedTextbox = chat.Locator("input:focus, textarea:focus");
        for (var i = 0; i < 30 && await focusedTextbox.CountAsync() == 0; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(focusedTextbox).ToHaveCountAsync(1);
        await page.Keyboard.TypeAsync("how long does an infusion take");
        await page.Keyboard.PressAsync("Enter");

        await Expect(chat.Locator(".webchat__bubble__content", new() { HasText = "40 minutes" }).First).ToBeVisibleAsync(Patient);

        await page.Keyboard.PressAsync("Escape");

        await Expect(bubble).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(page.Locator("#clinic-chat-panel")).ToBeHiddenAsync();
        await Expect(bubble).ToBeFocusedAsync();
        await Expect(bubble).ToHaveAttributeAsync("aria-label", "Open chat with Pasithea Clinics");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task VisitorCompletesTheFreeAssessmentInTheBrowserAndStaffFindItInTheInbox()
    {
        var app = fixture.App;
        var (page, problems) = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        var book = page.Locator("button.webchat__suggested-action", new() { HasText = "Book a free assessment" });
        await Expect(book).ToBeVisibleAsync(Patient);

        await book.ClickAsync();
        await Expect(BotMessage(page, "your full name?")).ToBeVisibleAsync(Patient);

        // Each answer is typed; the next step waits for the bot's reply to it, not for a fixed time.
        // (Web Chat's markdown turns ' into ’, so the expected replies avoid apostrophes.)
        (string Answer, string Reply)[] steps =
        [
            ("Dana Smith", "Thanks, Dana."),
            ("415 555 0132", "I have +1 415-555-0132 as your number."),
            ("dana@example.com", "I have dana@example.com as your email."),
            ("Text", "the team will text you"),
            ("Weekday mornings", "Noted: Weekday mornings."),
            ("PTSD", "Are you 18 or older?"),
            ("Yes", "contact you about this request?"),
            ("Yes", "what I have"),
            ("Confirm and send", "Your reference number is"),
        ];
        foreach (var (answer, reply) in steps)
        {
            await SendAsync(page, answer);
            await Expect(BotMessage(page, reply)).ToBeVisibleAsync(Patient);
        }

        var sent = await BotMessage(page, "Your reference number is").InnerTextAsync();
        var reference = Regex.Match(sent, @"\bKC-[2-9A-Z]{5}\b").Value;
        Assert.True(reference.Length > 0, "no reference number in: " + sent);
        Assert.Contains("Thank you, Dana.", sent);
        await Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);

        var (inbox, staffProblems) = await app.NewPageAsync(1000, 800, secure: true);
        await inbox.GotoAsync(app.SecureUrl + "/staff");
        await inbox.GetByLabel("User name").FillAsync(BrowserApp.StaffUser);
        await inbox.GetByLabel("Password").FillAsync(BrowserApp.StaffPassword);
        await inbox.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var card = inbox.Locator(".card", new() { HasText = reference });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Dana Smith");
        await card.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();

        await Expect(inbox.GetByRole(AriaRole.Heading, new() { Name = "Transcript" })).ToBeVisibleAsync();
        var lines = inbox.Locator(".line");
        await Expect(lines.Filter(new() { HasText = "415 555 0132" })).ToHaveCountAsync(1);
        await Expect(lines.Filter(new() { HasText = "What would you like help with?" })).ToHaveCountAsync(1);
        await Expect(inbox.Locator("dd", new() { HasText = "Dana Smith" })).ToBeVisibleAsync();
        await Expect(inbox.GetByRole(AriaRole.Link, new() { Name = "(415) 555-0132" })).ToHaveAttributeAsync("href", "tel:+14155550132");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(staffProblems.Count == 0, string.Join("\n", staffProblems));
    }

    internal static ILocator Transcript(IPage page) => page.Locator(".webchat__basic-transcript");

    internal static ILocator BotMessages(IPage page) =>
        page.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content");

    private static ILocator BotMessage(IPage page, string text) => BotMessages(page).Filter(new() { HasText = text }).Last;

    private static Task<bool> IsFocusedAsync(ILocator locator) =>
        locator.EvaluateAsync<bool>("element => element === document.activeElement");

    internal static async Task SendAsync(IPage page, string text)
    {
        var input = page.GetByRole(AriaRole.Textbox).First;
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }
}
