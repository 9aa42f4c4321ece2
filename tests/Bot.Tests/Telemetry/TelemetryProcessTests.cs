using System.Diagnostics;
using System.Text.Json;
using Bot.Tests.Infrastructure;
using Bot.Tests.Intake;
using Bot.Tests.Native;
using static Bot.Tests.Handoff.HandoffTestKit;

namespace Bot.Tests.Telemetry;

/// <summary>The bot as its own process, as operators run it: what it prints with JSON logs on and what reaches a collector.</summary>
public class TelemetryProcessTests
{
    [Fact]
    public async Task JsonLogLinesOfATurnCarryItsTraceIdAndNoContactDetails()
    {
        await using var bot = await NativeBot.StartAsync(JsonLogSettings(), command: NativeBot.JitCommand);
        await TelemetryScripts.CrisisThenRequestAsync(bot.Http);

        var lines = await TelemetryScripts.JsonLinesUntilAsync(bot, "Handoff request");

        TelemetryScripts.AssertTurnLinesCarryTraceIds(lines);
        TelemetryScripts.AssertNoVisitorDetails(bot.Output);
    }

    [Fact]
    public async Task ATurnsSpanReachesTheCollectorNamedOnlyByOtelVariables()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var service = "clinic-bot-" + Guid.NewGuid().ToString("n")[..8];
        await using var bot = await NativeBot.StartAsync(OtlpSettings(collector, service), command: NativeBot.JitCommand);
        Assert.Equal("What an infusion feels like", (await new BotClient(bot.Http).AskAsync("wat does an infusion feel like")).CitedTitle());

        var export = await collector.WaitForAsync(service, "bot.turn", "bot.outcome", "answered", "bot.channel");

        Assert.True(export is not null, $"No span of service {service} reached the collector ({collector.Traces.Count} exports).");
        // The request's own span, from the ASP.NET Core instrumentation, ends after the turn's (maybe in the next batch).
        Assert.NotNull(await collector.WaitForAsync(service, "/api/messages"));
        Assert.DoesNotContain(collector.Traces, body => OtlpReceiver.Contains(body, "infusion feel"));
    }

    [Fact]
    public async Task AnUnknownTracesExporterStopsTheStartWithAClearMessage()
    {
        var psi = new ProcessStartInfo(NativeBot.JitCommand[0], NativeBot.JitCommand[1..])
        {
            WorkingDirectory = BotApplication.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["OTEL_TRACES_EXPORTER"] = "zipkin";
        psi.Environment["Storage__DataPath"] = Path.Combine(Path.GetTempPath(), "bot-tests", "otel-" + Guid.NewGuid().ToString("n"));
        psi.Environment["Retrieval__Semantic__CachePath"] = BotApplication.SemanticCachePath;
        psi.Environment["Urls"] = $"http://127.0.0.1:{FreePort()}";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("OTEL_TRACES_EXPORTER must be otlp or none", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    internal static Dictionary<string, string?> JsonLogSettings() => Settings(
        ("Logging:Console:FormatterName", "json"),
        ("Logging:LogLevel:Bot", "Debug"));

    internal static Dictionary<string, string?> OtlpSettings(OtlpReceiver collector, string service)
    {
        var settings = Settings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_SERVICE_NAME"] = service;
        // The batch processor's delay (5 s by default), so the test does not wait for it.
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        return settings;
    }
}

/// <summary>The scripted visitor and the log checks shared by the JIT and native process tests.</summary>
internal static class TelemetryScripts
{
    private static readonly string[] VisitorDetails =
    [
        "Marisol", "Featherstonehaugh", "marisol.fh@mail.example", "(415) 555-0177", "+14155550177", "4155550177", "555-0177",
        "end my life", "weekday evenings",
    ];

    /// <summary>A crisis message, then a full request for an assessment with contact details.</summary>
    public static async Task CrisisThenRequestAsync(HttpClient http)
    {
        Assert.True((await new BotClient(http).AskAsync("honestly i just want to end my life")).IsCrisis());
        await Transcripts.PlayAsync(new ChatClient(http), """
            > how do I sign up
            > I'm Marisol Featherstonehaugh, marisol.fh@mail.example, (415) 555-0177
            > Text
            > weekday evenings
            > Anxiety
            > yes
            > yes
            > Confirm and send
            < reference number
            """);
    }

    /// <summary>Every line the process printed, each parsed as JSON, once a line containing <paramref name="text"/> is there.</summary>
    public static async Task<IReadOnlyList<JsonElement>> JsonLinesUntilAsync(NativeBot bot, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!bot.Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var lines = new List<JsonElement>();
        foreach (var line in bot.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                Assert.Fail($"Not a JSON line: {line}");
            }
        }
        Assert.Contains(lines, l => l.GetProperty("Message").GetString()!.Contains(text, StringComparison.Ordinal));
        return lines;
    }

    /// <summary>Each line written while a message was handled names the trace; one request's lines share one trace.</summary>
    public static void AssertTurnLinesCarryTraceIds(IReadOnlyList<JsonElement> lines)
    {
        var turnLines = lines.Where(l => Scope(l, "RequestPath") == "/api/messages").ToList();
        Assert.Contains(turnLines, l => l.GetProperty("Message").GetString()!.StartsWith("Crisis resources shown", StringComparison.Ordinal));
        Assert.Contains(turnLines, l => l.GetProperty("Message").GetString()!.StartsWith("Handoff request", StringComparison.Ordinal));
        foreach (var line in turnLines)
        {
            Assert.Matches("^[0-9a-f]{32}$", Scope(line, "TraceId") ?? $"no trace id in {line}");
        }
        foreach (var request in turnLines.GroupBy(l => Scope(l, "RequestId")))
        {
            Assert.Single(request.Select(l => Scope(l, "TraceId")).Distinct());
        }
        // Bot lines outside any request come from start-up and the background workers, not from a turn.
        Assert.DoesNotContain(lines, l => l.GetProperty("Category").GetString() == "Bot.Conversation.TurnHandler" && Scope(l, "TraceId") is null);
    }

    public static void AssertNoVisitorDetails(string output)
    {
        foreach (var detail in VisitorDetails)
        {
            Assert.DoesNotContain(detail, output, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString()).FirstOrDefault()
            : null;
}
