using System.Text.Json;
using Bot.Protocol;
using System.Text.Json.Serialization;
using Bot.Handoff;
using Bot.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Staff;

/// <summary>
/// The JSON API for clinic systems: GET /api/handoffs, GET /api/handoffs/{id}, PATCH /api/handoffs/{id}
/// (and POST /api/erasure, see <see cref="StaffErasure"/>).
/// Every call needs Authorization: Bearer &lt;key&gt; from Staff:ApiKeys and is written to the audit log.
/// </summary>
public static class StaffApi
{
    private const string ActorKey = "staff-api-actor";

    public static RouteGroupBuilder MapStaffApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/handoffs").AddEndpointFilter(RequireApiKey).RequireRateLimiting(RateLimitExtensions.StaffApi);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapPatch("/{id}", PatchAsync);
        return api;
    }

    internal static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var actor = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? http.RequestServices.GetRequiredService<StaffAccounts>().ApiKeyActor(header["Bearer ".Length..].Trim())
            : null;
        if (actor is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid API key is required.");
        }
        http.Items[ActorKey] = actor;
        return await next(context);
    }

    private static async Task<Results<JsonHttpResult<HandoffList>, ProblemHttpResult>> ListAsync(
        string? status, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        if (status is not null && !HandoffStatus.IsValid(status))
        {
            return InvalidStatus();
        }
        var items = await store.ListAsync(status, ct);
        await store.AuditAsync(Actor(http), "api.list", null, status, ct);
        return TypedResults.Json(new HandoffList(items.Select(s => HandoffItem.From(s.Request)).ToList()), StaffApiJson.Default.HandoffList);
    }

    private static async Task<Results<JsonHttpResult<HandoffDetail>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var requestId) || await store.FindAsync(requestId, ct) is not { } request)
        {
            return NotFound();
        }
        await store.AuditAsync(Actor(http), "api.view", requestId, null, ct);
        return TypedResults.Json(HandoffDetail.From(request), StaffApiJson.Default.HandoffDetail);
    }

    private static async Task<Results<JsonHttpResult<HandoffItem>, ProblemHttpResult>> PatchAsync(
        string id, HttpContext http, HandoffStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var requestId))
        {
            return NotFound();
        }
        var (isJson, status) = await JsonBody.ReadStringAsync(http.Request, "status", ct);
        if (!isJson)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be JSON like {\"status\": \"contacted\"}.");
        }
        if (!HandoffStatus.IsValid(status))
        {
            return InvalidStatus();
        }
        if (!await store.SetStatusAsync(requestId, status!, Actor(http), ct) || await store.FindAsync(requestId, ct) is not { } request)
        {
            return NotFound();
        }
        return TypedResults.Json(HandoffItem.From(request), StaffApiJson.Default.HandoffItem);
    }

    internal static string Actor(HttpContext http) => (string)http.Items[ActorKey]!;

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such handoff request.");

    private static ProblemHttpResult InvalidStatus() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status.",
            detail: "status must be one of: " + string.Join(", ", HandoffStatus.All) + ".");
}

public sealed record HandoffList(IReadOnlyList<HandoffItem> Items);

public record HandoffItem(
    Guid Id,
    string Reference,
    DateTimeOffset CreatedAt,
    string Status,
    bool Urgent,
    string Name,
    string? Phone,
    string? Email,
    string PreferredContact,
    string? BestTime,
    string? Reason,
    DateTimeOffset ConsentAt,
    string ConversationId)
{
    public static HandoffItem From(HandoffRequest r) => new(r.Id, r.Reference, r.CreatedAt, r.Status, r.Urgent, r.Name, r.Phone,
        r.Email, r.PreferredContact, r.BestTime, r.Reason, r.ConsentAt, r.ConversationId);
}

/// <summary>An item plus its transcript, for GET /api/handoffs/{id}.</summary>
public sealed record HandoffDetail : HandoffItem
{
    private HandoffDetail(HandoffItem item, IReadOnlyList<TranscriptLine> transcript) : base(item) => Transcript = transcript;

    public IReadOnlyList<TranscriptLine> Transcript { get; }

    public static new HandoffDetail From(HandoffRequest r) => new(HandoffItem.From(r), r.Transcript);
}

// Our own contract: field names and nulls must not change with whatever the rest of the app configures.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HandoffList))]
[JsonSerializable(typeof(HandoffDetail))]
[JsonSerializable(typeof(HandoffItem))]
[JsonSerializable(typeof(ErasureResult))]
internal sealed partial class StaffApiJson : JsonSerializerContext;
