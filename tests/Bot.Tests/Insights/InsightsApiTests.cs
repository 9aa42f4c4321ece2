using System.Net;
using System.Net.Http.Json;
using Bot.Tests.Infrastructure;
using Bot.Tests.Staff;
using static Bot.Tests.Handoff.HandoffTestKit;
using static Bot.Tests.Insights.InsightsTestKit;

namespace Bot.Tests.Insights;

public sealed class InsightsApiTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task TheApiRefusesARequestWithoutAValidKey(string? key)
    {
        await using var app = new BotApplication(InsightsSettings());
        var client = app.ApiClient(key);
        foreach (var (method, path) in new[] { ("GET", "/api/insights/unanswered"), ("GET", "/api/insights/summary"),
            ("POST", "/api/insights/unanswered/x/attach"), ("POST", "/api/insights/unanswered/x/dismiss") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { entryId = "how-it-feels" }) });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task BadInputGetsAClearClientError()
    {
        await using var app = new BotApplication(InsightsSettings());
        var api = app.ApiClient();
        var notJson = await api.PostAsync("/api/insights/unanswered/x/attach", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/insights/unanswered/x/attach", new { entryId = "no-such-entry" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/insights/unanswered/x/attach", new[] { 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/api/insights/unanswered/x/attach", new { entryId = "how-it-feels" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/insights/unanswered/x/dismiss", null)).StatusCode);
    }

    [Fact]
    public async Task ReadOnlyStaffSeeTheInsightsPagesButCannotChangeThem()
    {
        await using var app = new BotApplication(InsightsSettings(("Staff:Users:0:Role", "ReadOnly")));
        var staff = await StaffBrowser.SignInAsync(app, StaffUser, StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff/insights")).Status);
        var (status, page) = await staff.GetAsync("/staff/insights/unanswered");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("Attach as a phrasing", page);
        var response = await staff.SubmitAsync("/staff/insights", "/staff/insights/unanswered/x/dismiss");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
