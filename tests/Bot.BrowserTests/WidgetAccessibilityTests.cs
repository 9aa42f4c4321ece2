using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bot.BrowserTests;

/// <summary>The chat page and the embeddable widget against WCAG 2.2 AA: axe, keyboard, zoom and target sizes.</summary>
public class WidgetAccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patient = new() { Timeout = 45_000 };
    private const string Question = "what does an infusion feel like";

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ChatPageWithACitedAnswerHasNoAxeViolations(int width, int height)
    {
        var (page, problems) = await fixture.App.NewPageAsync(width, height);
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        await AskAsync(page.MainFrame, Question);

        Assert.Empty(await Axe.ViolationsAsync(page));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task OpenWidgetWithACitedAnswerHasNoAxeViolationsInTheFrameOrOnTheHostPage(int width, int height)
    {
        var (page, problems) = await fixture.App.NewPageAsync(width, height);
        var chat = await OpenWidgetAsync(page);
        await AskAsync(chat, Question);

        Assert.Empty(await Axe.ViolationsAsync(chat));
        Assert.Empty(await Axe.ViolationsAsync(page));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task OpeningTheWidgetPutsFocusInTheMessageBoxEveryTimeWithAVisibleRing()
    {
        var (page, problems) = await fixture.App.NewPageAsync(1280, 800);
        var chat = await OpenWidgetAsync(page);
        var input = chat.Locator(".webchat__send-box-text-box__input");

        await Expect(input).ToBeFocusedAsync();
        Assert.NotEqual("none", await chat.Locator(".webchat__send-box-text-box").EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));

        await page.Keyboard.PressAsync("Escape");
        await Expect(Bubble(page)).ToBeFocusedAsync();
        Assert.Equal("solid", await Bubble(page).EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(input).ToBeFocusedAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task EveryPartTabReachesInTheChatShowsAVisibleFocusIndicator()
    {
        var (page, problems) = await fixture.App.NewPageAsync(1280, 800);
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        await AskAsync(page.MainFrame, Question);
        await page.WaitForTimeoutAsync(1000);
        // A click on the heading moves the point Tab starts from to the top of the page.
        await page.GetByRole(AriaRole.Heading, new() { Name = "Pasithea Clinics" }).ClickAsync();

        // Tab through the page from the top once; each stop must look different focused and unfocused (what a keyboard user sees).
        var seen = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => document.activeElement === document.body"))
            {
                break;
            }
            var focused = (await page.EvaluateHandleAsync("document.activeElement")).AsElement()!;
            var name = await focused.EvaluateAsync<string>(
                "e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)");
            if (seen.Contains(name))
            {
                break;
            }
            seen.Add(name);
            var box = (await focused.BoundingBoxAsync())!;
            var clip = new Clip { X = Math.Max(0, box.X - 16), Y = Math.Max(0, box.Y - 16), Width = box.Width + 32, Height = box.Height + 32 };
            var withFocus = await page.ScreenshotAsync(new() { Clip = clip });
            await focused.EvaluateAsync("e => e.blur()");
            var withoutFocus = await page.ScreenshotAsync(new() { Clip = clip });
            Assert.False(withFocus.SequenceEqual(withoutFocus), $"Tab stop {i + 1}, {name}, shows no focus indicator.");
            // Back to the same stop, as if by keyboard, so the next Tab continues from it.
            await focused.EvaluateAsync("e => e.focus({ focusVisible: true })");
        }

        Assert.True(seen.Count >= 5, "Tab reached only: " + string.Join(", ", seen));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task EscapeInTheHistoryOrAMessageIsWebChatsAndEscapeInTheMessageBoxClosesTheWidget()
    {
        var (page, problems) = await fixture.App.NewPageAsync(1280, 800);
        var chat = await OpenWidgetAsync(page);
        await AskAsync(chat, Question);
        var panel = page.Locator("#clinic-chat-panel");
        var input = chat.Locator(".webchat__send-box-text-box__input");

        // The history: Web Chat moves focus to the message box.
        await chat.Locator(".webchat__basic-transcript").First.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(input).ToBeFocusedAsync();

        // Inside a message (Enter on the focused history enters the last one): Web Chat leaves the message.
        await chat.Locator(".webchat__basic-transcript").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(chat.Locator(".webchat__basic-transcript__activity-body :focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToBeVisibleAsync();

        await input.FocusAsync();
        await page.Keyboard.PressAsync("Escape");

        await Expect(panel).ToBeHiddenAsync();
        await Expect(Bubble(page)).ToBeFocusedAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task At200PercentZoomTheWidgetKeepsAtLeast100PixelsOfMessages()
    {
        var (page, problems) = await fixture.App.NewPageAsync(640, 400, scale: 2);
        var chat = await OpenWidgetAsync(page);
        await AskAsync(chat, Question);

        var transcript = await chat.Locator(".webchat__basic-transcript").First.BoundingBoxAsync();
        Assert.NotNull(transcript);
        Assert.True(transcript.Height >= 100, $"the message list is {transcript.Height} px high at 200% zoom");
        if (BrowserApp.ScreenshotDir is { } dir)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "widget-zoom-200.png") });
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task At400PercentZoomThePageReflowsAndKeepsTheLatestMessageInView()
    {
        var (page, problems) = await fixture.App.NewPageAsync(320, 200, scale: 4);
        await page.GotoAsync(fixture.App.BaseUrl + "/");
        await AskAsync(page.MainFrame, Question);

        var latest = page.Locator(".webchat__stacked-layout:not(.webchat__stacked-layout--from-user) .webchat__bubble__content").Last;
        await latest.ScrollIntoViewIfNeededAsync();
        await Expect(latest).ToBeInViewportAsync();
        var transcript = await page.Locator(".webchat__basic-transcript").First.BoundingBoxAsync();
        Assert.True(transcript!.Height >= 60, $"the message list is {transcript.Height} px high at 400% zoom");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways at 400% zoom");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task OnADesktopTabToALinkBehindTheOpenPanelScrollsItClearOfThePanel()
    {
        var (page, problems) = await fixture.App.NewPageAsync(1280, 800);
        await page.GotoAsync(fixture.App.BaseUrl + "/demo");
        // A long host page whose links run down the right-hand side, where the panel sits.
        await page.EvaluateAsync("""
            () => {
              const list = document.createElement('div');
              list.style.textAlign = 'right';
              list.style.paddingRight = '60px';
              for (let i = 0; i < 30; i++) {
                const line = document.createElement('p');
                const link = document.createElement('a');
                link.href = '#link' + i;
                link.textContent = 'Host page link ' + i;
                line.appendChild(link);
                list.appendChild(line);
              }
              document.body.insertBefore(list, document.body.firstChild);
            }
            """);
        await OpenWidgetAsync(page);
        var panel = (await page.Locator("#clinic-chat-panel").BoundingBoxAsync())!;
        await page.GetByRole(AriaRole.Link, new() { Name = "Host page link 0", Exact = true }).FocusAsync();

        var hidden = new List<string>();
        for (var i = 1; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var link = page.GetByRole(AriaRole.Link, new() { Name = $"Host page link {i}", Exact = true });
            await Expect(link).ToBeFocusedAsync();
            var box = (await link.BoundingBoxAsync())!;
            if (box.X >= panel.X && box.X + box.Width <= panel.X + panel.Width && box.Y >= panel.Y && box.Y + box.Height <= panel.Y + panel.Height)
            {
                hidden.Add($"link {i} at y={box.Y}");
            }
        }

        Assert.True(hidden.Count == 0, "Focused behind the panel: " + string.Join(", ", hidden));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task OnAPhoneTabFromTheOpenPanelNeverReachesThePageBehindIt()
    {
        var (page, problems) = await fixture.App.NewPageAsync(390, 844);
        var chat = await OpenWidgetAsync(page);
        await page.EvaluateAsync("""
            () => {
              window.focusedBehind = [];
              document.addEventListener('focusin', e => {
                if (!document.getElementById('clinic-chat-panel').contains(e.target)) window.focusedBehind.push(e.target.outerHTML.slice(0, 80));
              });
            }
            """);

        for (var i = 0; i < 25; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.focusedBehind"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Close chat", Exact = true }).ClickAsync();
        Assert.Equal(0, await page.Locator("body [inert]").CountAsync());
        await Expect(Bubble(page)).ToBeFocusedAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task BubbleSendButtonAndSuggestedActionsAreAtLeast44PixelTargets(int width, int height)
    {
        var (page, problems) = await fixture.App.NewPageAsync(width, height);
        await page.GotoAsync(fixture.App.BaseUrl + "/demo");
        await AssertTargetAsync(Bubble(page), "the bubble");
        var chat = await OpenWidgetAsync(page);

        await AssertTargetAsync(chat.Locator(".webchat__send-button"), "the send button");
        var actions = chat.Locator("button.webchat__suggested-action");
        for (var i = 0; i < await actions.CountAsync(); i++)
        {
            await AssertTargetAsync(actions.Nth(i), "suggested action " + i);
        }
        await AssertTargetAsync(page.GetByRole(AriaRole.Button, new() { Name = "Close chat", Exact = true }), "the close button");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ABrandColourTooLightForWhiteTextFallsBackToTheDefaultInTheWidgetAndThePage()
    {
        var (page, problems) = await fixture.App.NewPageAsync(1280, 800);
        await page.GotoAsync(fixture.App.BaseUrl + "/?color=%237fb3c4");
        Assert.Equal("#1f5f74", await page.EvaluateAsync<string>("() => document.body.style.getPropertyValue('--clinic-color')"));

        await page.SetContentAsync($"""<main><h1>A clinic</h1></main><script src="{fixture.App.BaseUrl}/widget.js" data-bot-name="Light" data-primary-color="#7fb3c4"></script>""");

        await Expect(Bubble(page)).ToHaveCSSAsync("background-color", "rgb(31, 95, 116)");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static ILocator Bubble(IPage page) => page.Locator("button[aria-controls='clinic-chat-panel']");

    /// <summary>The demo site with the widget opened by a click; returns the chat's frame once Web Chat is ready.</summary>
    private async Task<IFrame> OpenWidgetAsync(IPage page)
    {
        if (page.Url != fixture.App.BaseUrl + "/demo")
        {
            await page.GotoAsync(fixture.App.BaseUrl + "/demo");
        }
        await Bubble(page).ClickAsync();
        var chat = await BrowserApp.WidgetFrameAsync(page);
        await Expect(chat.Locator("button.webchat__suggested-action").First).ToBeVisibleAsync(Patient);
        return chat;
    }

    /// <summary>Asks a question and waits for the cited answer (the "1 reference" toggle is one of the targets checked).</summary>
    private static async Task AskAsync(IFrame chat, string text)
    {
        var input = chat.Locator(".webchat__send-box-text-box__input");
        // Typed before the welcome arrives, a question was once dropped on a loaded machine: wait until Web Chat is connected.
        await Expect(chat.Locator("button.webchat__suggested-action").First).ToBeVisibleAsync(Patient);
        await input.FillAsync(text);
        await input.PressAsync("Enter");
        await Expect(chat.Locator(".webchat__link-definitions__header").First).ToBeVisibleAsync(Patient);
        await Expect(chat.Locator("button.webchat__suggested-action").First).ToBeVisibleAsync(Patient);
    }

    private static async Task AssertTargetAsync(ILocator target, string what)
    {
        var box = await target.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width >= 44 && box.Height >= 44, $"{what} is {box.Width}x{box.Height} px");
    }
}
