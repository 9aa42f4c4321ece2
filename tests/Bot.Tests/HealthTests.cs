using System.Net;
using Bot.Tests.Infrastructure;

namespace Bot.Tests;

public class HealthTests
{
    [Fact]
    public async Task HealthReportsHealthyOnceTheIndexIsBuilt()
    {
        await using var app = new BotApplication();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
