using Bot.Tests.Infrastructure;
using Bot.Tests.Knowledge;

namespace Bot.Tests;

/// <summary>
/// A mistyped setting stops the real process at start-up with one plain line naming it (exit 1, no stack trace),
/// not at the first visitor who reaches the part that reads it.
/// </summary>
public sealed class InvalidSettingsTests
{
    [Theory]
    [InlineData("Intake__MaxTries", "0", "MaxTries: The field IntakeOptions.MaxTries must be between 1 and 10.")]
    [InlineData("Intake__ResponseTime", "", "ResponseTime: The IntakeOptions.ResponseTime field is required.")]
    [InlineData("Intake__DefaultRegion", "XX", "Intake:DefaultRegion must be a two-letter region code")]
    [InlineData("Insights__WriteDelay", "00:00:00", "Insights:WriteDelay must be above zero and at most a day.")]
    [InlineData("Insights__DashboardDays", "0", "Insights:DashboardDays must be between 1 and 365.")]
    public async Task InvalidSettingStopsStartUpNamingIt(string variable, string value, string message)
    {
        var (exit, _, stderr) = await KnowledgeTests.RunBotAsync(new Dictionary<string, string>
        {
            [variable] = value,
            ["Urls"] = "http://127.0.0.1:0",
        });
        Assert.Equal(1, exit);
        Assert.Contains("Configuration problem: " + message, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task DefaultSettingsStart()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.True(response.IsSuccessStatusCode);
    }
}
