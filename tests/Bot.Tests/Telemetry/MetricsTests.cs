using System.Net;
using Bot.Tests.Handoff;
using Bot.Tests.Infrastructure;
using Bot.Tests.Intake;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Telemetry;

public class MetricsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task MetricsRefuseARequestWithoutTheStaffKey(string? key)
    {
        await using var app = new BotApplication(Settings());
        await new BotClient(app.CreateClient()).AskAsync("wat does an infusion feel like");

        var response = await app.ApiClient(key).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("bot_turns", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AScriptedConversationShowsUpAsCountsByOutcome()
    {
        // The webhook points at a port nobody listens on, so the handoff's delivery fails and is counted.
        await using var app = new BotApplication(Settings(
            ("Handoff:Webhook:Url", $"http://127.0.0.1:{FreePort()}/hook"),
            ("Handoff:Webhook:Secret", "metrics-test-secret")));
        var http = app.CreateClient();
        Assert.Equal("What an infusion feels like", (await new BotClient(http).AskAsync("wat does an infusion feel like")).CitedTitle());
        await new BotClient(http).AskAsync("blorp zzkx qqq");
        await TelemetryScripts.CrisisThenRequestAsync(http);

        var metrics = await ScrapeUntilAsync(app, m => m.Value("bot_deliveries_failed_total", ("channel", "webhook")) >= 1);

        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "answered")));
        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "fallback")));
        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "crisis")));
        Assert.Equal(8, metrics.Value("bot_turns_total", ("outcome", "intake")));
        Assert.Equal(11, metrics.Total("bot_turn_duration_seconds_count"));
        Assert.Equal(1, metrics.Value("bot_handoffs_created_total", ("urgent", "false")));
        Assert.Equal(1, metrics.Value("bot_deliveries_failed_total", ("channel", "webhook"), ("outcome", "retrying")));
        Assert.Null(metrics.Value("bot_turns_total", ("outcome", "declined")));
        // Labels are fixed sets: nothing the visitor typed or gave reaches the scrape.
        foreach (var detail in new[] { "blorp", "end my life", "Marisol", "marisol.fh", "555-0177", "weekday evenings" })
        {
            Assert.DoesNotContain(detail, metrics.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheTurnDurationIsAHistogramInSeconds()
    {
        await using var app = new BotApplication(Settings());
        await new BotClient(app.CreateClient()).AskAsync("wat does an infusion feel like");

        var metrics = await PrometheusText.ScrapeAsync(app.CreateClient(), ApiKey);

        Assert.Contains("# TYPE bot_turn_duration_seconds histogram", metrics.Text);
        Assert.Equal(1, metrics.Value("bot_turn_duration_seconds_bucket", ("outcome", "answered"), ("le", "+Inf")));
        Assert.InRange(metrics.Value("bot_turn_duration_seconds_sum", ("outcome", "answered")) ?? -1, 0, 30);
        Assert.Contains("# TYPE bot_turns_total counter", metrics.Text);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task PerRequestHttpSeriesAreThereOnlyWhenTurnedOn(string? setting, bool expected)
    {
        await using var app = new BotApplication(Settings(("Telemetry:HttpMetrics", setting)));
        await new BotClient(app.CreateClient()).AskAsync("wat does an infusion feel like");

        var metrics = await PrometheusText.ScrapeAsync(app.CreateClient(), ApiKey);

        Assert.Equal(expected, metrics.Text.Contains("http_server_request_duration_seconds_bucket", StringComparison.Ordinal));
        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "answered")));
    }

    /// <summary>The outbox works in the background: scrape until what the test waits for is there (or 20 s).</summary>
    private static async Task<PrometheusText> ScrapeUntilAsync(BotApplication app, Func<PrometheusText, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var metrics = await PrometheusText.ScrapeAsync(app.CreateClient(), ApiKey);
            if (done(metrics) || DateTime.UtcNow > deadline)
            {
                return metrics;
            }
            await Task.Delay(200);
        }
    }
}
