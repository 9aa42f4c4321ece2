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
    private static readonly LocatorAssertionsToBeVisibleOptions Patient = new() { Timeout = 45_000 };
    private static readonly LocatorAssertionsToHaveCountOptions PatientCount = new() { Timeout = 45_000 };

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

        var chat = page.FrameLocator("iframe[title='Pasithea Clinics chat']");
        await Expect(chat.Locator(".webchat__bubble__content").First).ToBeVisibleAsync(Patient);
        await Expect(chat.Locator("button.webchat__suggested-action").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Close chat with Pasithea Clinics" })).ToHaveAttributeAsync("aria-expanded", "true");
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

    private static ILocator Transcript(IPage page) => page.Locator(".webchat__basic-transcript");

    private static ILocator BotMessages(IPage page) =>
        page.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content");

    private static async Task SendAsync(IPage page, string text)
    {
        var input = page.GetByRole(AriaRole.Textbox).First;
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }
}
