using System.Net;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Staff;

public class StaffOverHttpTests
{
    [Theory]
    [InlineData("/staff/login")]
    [InlineData("/staff/setup")]
    public async Task TheInboxOverPlainHttpSaysItNeedsHttpsInsteadOfFailing(string path)
    {
        await using var app = new BotApplication();
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = true });
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("only works over HTTPS", body);
    }
}
