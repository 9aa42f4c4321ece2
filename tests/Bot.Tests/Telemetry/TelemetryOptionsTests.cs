using Bot.Telemetry;
using Microsoft.Extensions.Configuration;

namespace Bot.Tests.Telemetry;

public class TelemetryOptionsTests
{
    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData(null, "http://collector:4318", null, true)]
    [InlineData(null, null, "http://collector:4318/v1/traces", true)]
    [InlineData("none", "http://collector:4318", null, false)]
    [InlineData("otlp", null, null, true)]
    [InlineData(" OTLP ", null, null, true)]
    public void TracesGoOutOnlyWhenTheStandardVariablesAskForThem(string? exporter, string? endpoint, string? tracesEndpoint, bool on)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_EXPORTER"] = exporter,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = tracesEndpoint,
        }).Build();

        var options = TelemetryOptions.From(configuration);

        Assert.Equal(on, options.TracesOn);
        Assert.True(options.IsValid);
    }

    [Fact]
    public void AnExporterWeDoNotShipIsAConfigurationMistake()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_EXPORTER"] = "zipkin" }).Build();

        var options = TelemetryOptions.From(configuration);

        Assert.False(options.IsValid);
        Assert.False(options.TracesOn);
    }
}
