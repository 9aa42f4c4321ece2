using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Bot.Privacy;

/// <summary>
/// Azure AI Language's PII entity recognition over its documented REST call (POST
/// {endpoint}/language/:analyze-text, kind PiiEntityRecognition): the SDK, Azure.AI.TextAnalytics, is not
/// served here. Each entity found becomes "[Category]". Null whenever the service is slow, down or odd.
/// </summary>
public sealed class AzureLanguagePii(IHttpClientFactory clients, IOptions<PrivacyOptions> options, ILogger<AzureLanguagePii> logger)
{
    public const string HttpClientName = "azure-language";

    public bool IsConfigured => options.Value.AzureLanguage.IsConfigured;

    public async Task<string?> RedactAsync(string text, CancellationToken ct)
    {
        var azure = options.Value.AzureLanguage;
        if (!azure.IsConfigured || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(azure.Timeout);
        try
        {
            var url = $"{azure.Endpoint.TrimEnd('/')}/language/:analyze-text?api-version={Uri.EscapeDataString(azure.ApiVersion)}";
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(new AnalyzeRequest(
                    "PiiEntityRecognition",
                    new AnalyzeParameters("latest", "Utf16CodeUnit"),
                    new AnalysisInput([new InputDocument("1", "en", text)])), PrivacyJson.Default.AnalyzeRequest),
            };
            request.Headers.Add("Ocp-Apim-Subscription-Key", azure.Key);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Azure AI Language answered {Status}; the local redaction stands alone", (int)response.StatusCode);
                return null;
            }
            var result = await response.Content.ReadFromJsonAsync(PrivacyJson.Default.AnalyzeResponse, timeout.Token);
            var document = result?.Results?.Documents?.FirstOrDefault(d => d.Id == "1");
            return document?.Entities is { } entities ? Replace(text, entities) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Azure AI Language unavailable ({Error}); the local redaction stands alone", ex.GetType().Name);
            return null;
        }
    }

    private static string Replace(string text, IEnumerable<PiiEntity> entities)
    {
        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var entity in entities.Where(e => e.Offset >= 0 && e.Length > 0 && e.Offset + e.Length <= text.Length).OrderBy(e => e.Offset))
        {
            if (entity.Offset < at)
            {
                continue;
            }
            redacted.Append(text, at, entity.Offset - at).Append('[').Append(entity.Category ?? "PII").Append(']');
            at = entity.Offset + entity.Length;
        }
        return redacted.Append(text, at, text.Length - at).ToString();
    }
}

public sealed record AnalyzeRequest(string Kind, AnalyzeParameters Parameters, AnalysisInput AnalysisInput);

public sealed record AnalyzeParameters(string ModelVersion, string StringIndexType);

public sealed record AnalysisInput(IReadOnlyList<InputDocument> Documents);

public sealed record InputDocument(string Id, string Language, string Text);

public sealed record AnalyzeResponse(string? Kind, AnalyzeResults? Results);

public sealed record AnalyzeResults(IReadOnlyList<PiiDocument>? Documents);

public sealed record PiiDocument(string Id, string? RedactedText, IReadOnlyList<PiiEntity>? Entities);

public sealed record PiiEntity(string? Text, string? Category, int Offset, int Length, double ConfidenceScore);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AnalyzeRequest))]
[JsonSerializable(typeof(AnalyzeResponse))]
internal sealed partial class PrivacyJson : JsonSerializerContext;
