using Bot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Intake;

/// <summary>A mistyped intake setting stops the app at start-up with the setting's name, not at the first visitor.</summary>
public sealed class IntakeOptionsTests
{
    [Theory]
    [InlineData("Intake:MaxTries", "0", "MaxTries")]
    [InlineData("Intake:ResponseTime", "", "ResponseTime")]
    [InlineData("Intake:DefaultRegion", "XX", "DefaultRegion")]
    public async Task InvalidSettingStopsStartUpNamingIt(string key, string value, string named)
    {
        await using var app = new BotApplication(new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task DefaultSettingsStart()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.True(response.IsSuccessStatusCode);
    }
}
