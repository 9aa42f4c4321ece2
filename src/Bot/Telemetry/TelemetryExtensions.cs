using Bot.RateLimits;
using Bot.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The instruments every host of the turn pipeline records into (the web app and the command-line tools).</summary>
    public static IHostApplicationBuilder AddTurnTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BotMetrics>();
        builder.Services.AddSingleton<TurnTelemetry>();
        return builder;
    }

    /// <summary>
    /// The web app's export: metrics for /metrics (Prometheus text), traces over OTLP when the OTEL_* variables ask
    /// for them (<see cref="TelemetryOptions"/>), and the JSON console log's shape when it is selected.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var settings = TelemetryOptions.From(builder.Configuration);
        builder.Services.AddOptions<TelemetryOptions>().Configure(o => o.TracesExporter = settings.TracesExporter)
            .Validate(o => o.IsValid, TelemetryOptions.InvalidExporter).ValidateOnStart();

        // Scoped to this app's own meter factory, not every meter of that name in the process (tests host several apps).
        builder.Metrics.EnableMetrics(BotMetrics.MeterName, scopes: MeterScope.Local);
        if (settings.HttpMetrics)
        {
            builder.Metrics.EnableMetrics("Microsoft.AspNetCore.Hosting", scopes: MeterScope.Local);
        }
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(TelemetryOptions.DefaultServiceName);
                }
            })
            // System.Runtime is the runtime's own meter (GC, thread pool), read only when scraped.
            .WithMetrics(metrics => metrics.AddMeter("System.Runtime").AddPrometheusExporter());
        if (settings.TracesOn)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(TurnTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                .AddOtlpExporter());
        }

        // The slim builder's AddSimpleConsole sets FormatterName in code, over configuration: Logging:Console:FormatterName
        // (simple, json or systemd) is applied after it, so operators choose the format.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }
        // Scopes carry the trace id (and the request's path) on every line of a turn; times in UTC, ISO 8601.
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return builder;
    }

    /// <summary>GET /metrics in the Prometheus text format, behind the staff API key, as /api/handoffs.</summary>
    public static RouteHandlerBuilder MapTelemetry(this IEndpointRouteBuilder endpoints)
    {
        // The exporter's own handler, run from a route of ours so the staff API's key filter applies to it.
        var scrape = endpoints.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null)
            .Build();
        // Returns a result, not a bare Task, so this is a route handler (filters run) and not a RequestDelegate.
        return endpoints.MapGet("/metrics", async Task<EmptyHttpResult> (HttpContext http) =>
            {
                await scrape(http);
                return TypedResults.Empty;
            })
            .AddEndpointFilter(StaffApi.RequireApiKey)
            .RequireRateLimiting(RateLimitExtensions.StaffApi);
    }

    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
