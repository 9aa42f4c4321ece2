using System.Text.Json;
using Bot.Protocol;
using System.Text.Json.Serialization;
using Bot.Knowledge;
using Bot.RateLimits;
using Bot.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Insights;

/// <summary>
/// /api/insights for clinic systems, with a staff API key exactly as /api/handoffs: the unanswered questions,
/// attach one to an entry or dismiss it, and the dashboard's figures.
/// </summary>
public static class InsightsApi
{
    public static RouteGroupBuilder MapInsightsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/insights").AddEndpointFilter(StaffApi.RequireApiKey).RequireRateLimiting(RateLimitExtensions.StaffApi);
        api.MapGet("/unanswered", UnansweredAsync);
        api.MapPost("/unanswered/{id}/attach", AttachAsync);
        api.MapPost("/unanswered/{id}/dismiss", DismissAsync);
        api.MapGet("/summary", SummaryAsync);
        return api;
    }

    private static async Task<JsonHttpResult<UnansweredList>> UnansweredAsync(InsightsStore store, CancellationToken ct) =>
        TypedResults.Json(new UnansweredList(await store.UnansweredAsync(200, ct)), InsightsJson.Default.UnansweredList);

    private static async Task<Results<JsonHttpResult<AttachResult>, ProblemHttpResult>> AttachAsync(
        string id, HttpContext http, InsightsActions actions, KnowledgeIndex index, CancellationToken ct)
    {
        var (isJson, entryId) = await JsonBody.ReadStringAsync(http.Request, "entryId", ct);
        if (!isJson)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be JSON like {\"entryId\": \"side-effects\"}.");
        }
        if (entryId is null || !index.Entries.ContainsKey(entryId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown entry.",
                detail: "entryId must be the id of a knowledge entry, as in knowledge/<id>.md.");
        }
        return await actions.AttachAsync(id, entryId, StaffApi.Actor(http), ct)
            ? TypedResults.Json(new AttachResult(id, entryId), InsightsJson.Default.AttachResult)
            : NotOpen();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DismissAsync(string id, HttpContext http, InsightsActions actions, CancellationToken ct) =>
        await actions.DismissAsync(id, StaffApi.Actor(http), ct) ? TypedResults.NoContent() : NotOpen();

    private static async Task<JsonHttpResult<InsightsFigures>> SummaryAsync(InsightsSummary summary, CancellationToken ct) =>
        TypedResults.Json(await summary.ReadAsync(ct), InsightsJson.Default.InsightsFigures);

    private static ProblemHttpResult NotOpen() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such open question.",
            detail: "It may have been attached or dismissed already.");
}

public sealed record UnansweredList(IReadOnlyList<UnansweredQuestion> Items);

public sealed record AttachResult(string Id, string EntryId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UnansweredList))]
[JsonSerializable(typeof(AttachResult))]
[JsonSerializable(typeof(InsightsFigures))]
internal sealed partial class InsightsJson : JsonSerializerContext;
