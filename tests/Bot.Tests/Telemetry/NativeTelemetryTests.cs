using Bot.Tests.Infrastructure;
using Bot.Tests.Native;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Telemetry;

/// <summary>The exporters through the natively compiled build: trimming must have kept what /metrics, OTLP and the JSON log use.</summary>
[Trait("Needs", "NativeBuild")]
public class NativeTelemetryTests
{
    [Fact]
    public async Task MetricsTracesAndJsonLogsWorkInTheNativeBuild()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var service = "clinic-bot-native-" + Guid.NewGuid().ToString("n")[..8];
        var settings = TelemetryProcessTests.OtlpSettings(collector, service);
        foreach (var (key, value) in TelemetryProcessTests.JsonLogSettings())
        {
            settings[key] = value;
        }
        await using var bot = await NativeBot.StartAsync(settings);
        Assert.Equal("What an infusion feels like", (await new BotClient(bot.Http).AskAsync("wat does an infusion feel like")).CitedTitle());
        await TelemetryScripts.CrisisThenRequestAsync(bot.Http);

        var metrics = await PrometheusText.ScrapeAsync(bot.Http, ApiKey);
        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "answered")));
        Assert.Equal(1, metrics.Value("bot_turns_total", ("outcome", "crisis")));
        Assert.Equal(1, metrics.Value("bot_handoffs_created_total", ("urgent", "false")));
        Assert.NotNull(await collector.WaitForAsync(service, "bot.turn", "answered"));
        var lines = await TelemetryScripts.JsonLinesUntilAsync(bot, "Handoff request");
        TelemetryScripts.AssertTurnLinesCarryTraceIds(lines);
        TelemetryScripts.AssertNoVisitorDetails(bot.Output);
    }
}
