using Bot.Tests.Scaling;
using Microsoft.Playwright;
using static Bot.BrowserTests.WebChatPageTests;
using static Microsoft.Playwright.Assertions;

namespace Bot.BrowserTests;

/// <summary>Two published instances behind nginx (deploy/nginx as shipped) and one Chromium, for the class.</summary>
public sealed class ClusterBrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public TwoInstancesBehindNginx Cluster { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cluster = TwoInstancesBehindNginx.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserApp.LaunchChromiumAsync(playwright);
        Cluster = await cluster;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[Trait("Needs", "NativeBuild")]
public class WebChatThroughNginxTests(ClusterBrowserFixture fixture) : IClassFixture<ClusterBrowserFixture>
{
    [Fact]
    public async Task TheOfficialWebChatThroughNginxKeepsItsConversationAcrossAReload()
    {
        try
        {
            await ChatReloadAndChatAgainAsync();
        }
        catch (Exception ex) when (ex is PlaywrightException or Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n{fixture.Cluster.Diagnostics()}");
        }
    }

    private async Task ChatReloadAndChatAgainAsync()
    {
        // https with this run's self-signed certificate; the page's WebSocket goes through nginx to either instance.
        var (page, problems) = await BrowserApp.NewPageAsync(fixture.Browser, secure: true);
        await page.GotoAsync(fixture.Cluster.Nginx.HttpsUrl + "/");
        await Expect(BotMessages(page).First).ToBeVisibleAsync(Patient);
        await SendAsync(page, "what does an infusion feel like");
        await Expect(Transcript(page).GetByText("What an infusion feels like").First).ToBeVisibleAsync(Patient);

        await page.ReloadAsync();

        await Expect(Transcript(page).Locator("p", new() { HasText = "what does an infusion feel like" }).First).ToBeVisibleAsync(Patient);
        await Expect(Transcript(page).GetByText("What an infusion feels like").First).ToBeVisibleAsync(Patient);
        await SendAsync(page, "how long does an infusion take");
        await Expect(Transcript(page).Locator("p", new() { HasText = "how long does an infusion take" }).First).ToBeVisibleAsync(Patient);
        await Expect(BotMessages(page)).ToHaveCountAsync(3, PatientCount);
        await Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
