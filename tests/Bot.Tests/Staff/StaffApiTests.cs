using System.Net;
using System.Net.Http.Json;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Staff;

public class StaffApiTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task WithoutAValidKeyTheApiAnswers401AndRevealsNothing(string? key)
    {
        await using var app = new BotApplication(Settings());
        var submission = Submission();
        var receipt = await app.SubmitAsync(submission);
        var client = app.ApiClient(key);

        foreach (var response in new[]
        {
            await client.GetAsync("/api/handoffs"),
            await client.GetAsync($"/api/handoffs/{receipt.Id}"),
            await client.PatchAsJsonAsync($"/api/handoffs/{receipt.Id}", new { status = "spam" }),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(receipt.Reference, body);
            Assert.DoesNotContain(receipt.Id.ToString(), body);
            Assert.DoesNotContain(submission.Name, body);
        }
        Assert.Equal("new", (await app.ApiClient().GetJsonAsync($"/api/handoffs/{receipt.Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task EveryApiViewAndChangeIsInTheAuditTrail()
    {
        await using var app = new BotApplication(Settings());
        var receipt = await app.SubmitAsync(Submission());
        var api = app.ApiClient();
        await api.GetJsonAsync($"/api/handoffs/{receipt.Id}");
        await api.PatchAsJsonAsync($"/api/handoffs/{receipt.Id}", new { status = "contacted" });

        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        var (_, detail) = await staff.GetAsync($"/staff/requests/{receipt.Id}");
        Assert.Matches(@"api-key:[0-9a-f]{8}: api\.view", detail);
        Assert.Matches(@"api-key:[0-9a-f]{8}: status: new → contacted", System.Net.WebUtility.HtmlDecode(detail));
        Assert.DoesNotContain(ApiKey, detail);
    }
}
