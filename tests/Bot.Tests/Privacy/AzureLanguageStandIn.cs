using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Privacy;

/// <summary>
/// A local stand-in for Azure AI Language's analyze-text PII call, following the documented request and response
/// shapes (kind PiiEntityRecognition, documents with id/language/text; results.documents with entities carrying
/// category, offset and length). It "recognises" the words it is told to, so a test can tell its work from the
/// local redactor's.
/// </summary>
public sealed class AzureLanguageStandIn : IAsyncDisposable
{
    public const string Key = "stand-in-language-key";
    private readonly WebApplication app;

    private AzureLanguageStandIn(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> TextsSeen { get; } = new();

    public string Endpoint => app.Urls.First() + "/";

    public static async Task<AzureLanguageStandIn> StartAsync(IReadOnlyDictionary<string, string> entities, TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new AzureLanguageStandIn(app);
        app.MapPost("/language/:analyze-text", async (HttpContext http) =>
        {
            if (http.Request.Headers["Ocp-Apim-Subscription-Key"] != Key)
            {
                return Results.Json(new { error = new { code = "401", message = "Access denied due to invalid subscription key." } }, statusCode: 401);
            }
            if (string.IsNullOrEmpty(http.Request.Query["api-version"]))
            {
                return Results.Json(new { error = new { code = "InvalidRequest", message = "api-version is required" } }, statusCode: 400);
            }
            var body = (await JsonNode.ParseAsync(http.Request.Body))!;
            if ((string?)body["kind"] != "PiiEntityRecognition")
            {
                return Results.BadRequest();
            }
            if (delay is { } wait)
            {
                await Task.Delay(wait, http.RequestAborted);
            }
            var documents = new JsonArray();
            foreach (var document in body["analysisInput"]!["documents"]!.AsArray())
            {
                var text = (string)document!["text"]!;
                standIn.TextsSeen.Enqueue(text);
                var found = new JsonArray();
                var redacted = text;
                foreach (var (word, category) in entities)
                {
                    var at = text.IndexOf(word, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        found.Add(new JsonObject { ["text"] = word, ["category"] = category, ["offset"] = at, ["length"] = word.Length, ["confidenceScore"] = 0.97 });
                        redacted = redacted.Replace(word, new string('*', word.Length), StringComparison.Ordinal);
                    }
                }
                documents.Add(new JsonObject { ["redactedText"] = redacted, ["id"] = (string)document["id"]!, ["entities"] = found, ["warnings"] = new JsonArray() });
            }
            var response = new JsonObject
            {
                ["kind"] = "PiiEntityRecognitionResults",
                ["results"] = new JsonObject { ["documents"] = documents, ["errors"] = new JsonArray(), ["modelVersion"] = "2023-09-01" },
            };
            return Results.Content(response.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
