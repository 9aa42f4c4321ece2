using Bot.Tests.Knowledge;

namespace Bot.Tests.Insights;

/// <summary>A mistyped insights setting stops the real process at start-up with one plain line naming it.</summary>
public sealed class InsightsOptionsTests
{
    [Theory]
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
}
