using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Bot.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Log values classified as <see cref="DataClassifications.Personal"/> or <see cref="DataClassifications.VisitorText"/>
    /// are replaced by "[redacted]" in every sink; so is anything classified that no redactor names (the fallback).
    /// </summary>
    public static IHostApplicationBuilder AddRedactedLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<MarkerRedactor>(new DataClassificationSet(DataClassifications.Personal, DataClassifications.VisitorText));
            redaction.SetFallbackRedactor<MarkerRedactor>();
        });
        return builder;
    }
}

/// <summary>Says that something was there, unlike the erasing redactor, so a log line still reads as a sentence.</summary>
public sealed class MarkerRedactor : Redactor
{
    private const string Marker = "[redacted]";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Marker.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Marker.CopyTo(destination);
        return Marker.Length;
    }
}
