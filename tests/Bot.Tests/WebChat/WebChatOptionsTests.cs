using Bot.Tests.Infrastructure;
using Bot.WebChat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Tests.WebChat;

public class WebChatOptionsTests
{
    [Theory]
    [InlineData("#7fb3c4")]
    [InlineData("#ffcc00")]
    [InlineData("#2f8fa8")]
    public async Task StartUpRefusesABrandColourTooLightForWhiteText(string color)
    {
        // Just the feature's registration on a bare host: a whole app that fails to start leaves its model loading behind.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["WebChat:PrimaryColor"] = color;
        builder.AddWebChat();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("WebChat:PrimaryColor is too light: white text on it must reach 4.5:1", error.Message);
    }

    [Theory]
    [InlineData("#1f5f74")]
    [InlineData("#767676")]
    [InlineData("#000000")]
    public async Task StartUpAcceptsABrandColourWhiteTextIsReadableOn(string color)
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { ["WebChat:PrimaryColor"] = color });

        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains($"data-color=\"{color}\"", html);
    }

    [Theory]
    [InlineData("#ffffff", 1.0)]
    [InlineData("#000000", 21.0)]
    [InlineData("#767676", 4.54)]
    [InlineData("#1f5f74", 7.1)]
    public void WhiteTextContrastFollowsWcagRelativeLuminance(string color, double expected) =>
        Assert.Equal(expected, WebChatOptions.WhiteTextContrast(color), 1);
}
