namespace Bot.Telemetry;

/// <summary>
/// Whether traces leave the process, from the standard variables: OTEL_TRACES_EXPORTER=otlp or none; unset, traces
/// go out when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector. With nothing
/// set no span is created at all. Endpoint, protocol, headers and OTEL_SERVICE_NAME are read by the exporter itself.
/// </summary>
public sealed class TelemetryOptions
{
    public const string DefaultServiceName = "clinic-bot";

    public const string InvalidExporter = "OTEL_TRACES_EXPORTER must be otlp or none (set OTEL_EXPORTER_OTLP_ENDPOINT to the collector).";

    public string? TracesExporter { get; set; }

    public bool IsValid => TracesExporter is null or "otlp" or "none";

    public bool TracesOn { get; private set; }

    /// <summary>
    /// ASP.NET Core's per-request series (http_server_request_duration_seconds by route and status). Off by default:
    /// six labels looked up on every request cost about 5% of a Lucene-only turn's throughput (bench/README.md), and
    /// the proxy in front (nginx) counts requests by status already; the bot's own series cover the turns.
    /// </summary>
    public bool HttpMetrics { get; private set; }

    public static TelemetryOptions From(IConfiguration configuration)
    {
        var exporter = configuration["OTEL_TRACES_EXPORTER"] is { Length: > 0 } value ? value.Trim().ToLowerInvariant() : null;
        var endpoint = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        return new TelemetryOptions
        {
            TracesExporter = exporter,
            TracesOn = exporter == "otlp" || (exporter is null && endpoint),
            HttpMetrics = configuration.GetValue("Telemetry:HttpMetrics", false),
        };
    }
}
