using System.Security.Claims;
using System.Text.Json;
using Bot.Handoff;
using Bot.Logging;
using Bot.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;
using static Bot.Staff.StaffHtml;

namespace Bot.Staff;

/// <summary>
/// Erasing one visitor's data on their request, by phone or email: POST /api/erasure (API key) and a confirmed
/// form in the inbox. Every request with that contact goes, with its transcript, notes and pending deliveries;
/// the audit log keeps the reference and "erased".
/// </summary>
public static partial class StaffErasure
{
    private const string LogCategory = "Bot.Staff.StaffErasure";

    public static void MapErasureApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/erasure", EraseByApiAsync).AddEndpointFilter(StaffApi.RequireApiKey).RequireRateLimiting(RateLimitExtensions.StaffApi);

    public static void MapErasurePages(this RouteGroupBuilder staff)
    {
        staff.MapGet("/erasure", FormAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        staff.MapPost("/erasure", ConfirmAsync).RequireAuthorization(StaffSignIn.EditPolicy);
        staff.MapPost("/erasure/confirm", EraseByStaffAsync).RequireAuthorization(StaffSignIn.EditPolicy);
    }

    private static async Task<Results<JsonHttpResult<ErasureResult>, ProblemHttpResult>> EraseByApiAsync(
        HttpContext http, VisitorErasure erasure, ILoggerFactory loggers, CancellationToken ct)
    {
        string? email = null, phone = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                email = StringProperty(body.RootElement, "email");
                phone = StringProperty(body.RootElement, "phone");
            }
        }
        catch (JsonException)
        {
        }
        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrWhiteSpace(phone))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "The body must be JSON like {\"email\": \"...\"} or {\"phone\": \"...\"}.");
        }
        var erased = await erasure.EraseAsync(phone, email, StaffApi.Actor(http), ct);
        Log.Erased(loggers.CreateLogger(LogCategory), erased, StaffApi.Actor(http), email ?? phone!);
        return TypedResults.Json(new ErasureResult(erased), StaffApiJson.Default.ErasureResult);
    }

    private static IResult FormAsync(HttpContext http) => Page(http, "Erase a visitor's data",
        "<p>When a visitor asks for their data to be deleted, enter the phone number or the email address they gave. " +
        "Every request with it is deleted for good, with its transcript, notes and pending deliveries; the history keeps only the reference.</p>" +
        $"<form method=\"post\" action=\"/staff/erasure\">{Token(http)}" +
        "<p><label>Email<br><input type=\"email\" name=\"email\" autocomplete=\"off\"></label></p>" +
        "<p><label>or phone<br><input type=\"tel\" name=\"phone\" autocomplete=\"off\"></label></p>" +
        "<p><button type=\"submit\">Find requests</button></p></form>");

    /// <summary>The confirmation step: what would go, and one more button press to do it.</summary>
    private static async Task<IResult> ConfirmAsync(HttpContext http, HandoffDeletion deletion, CancellationToken ct)
    {
        var (email, phone) = await ReadContactAsync(http, ct);
        if (email is null && phone is null)
        {
            return Page(http, "Nothing entered", $"<p>Enter a phone number or an email address.</p><p>{Back("/staff/erasure", "Back")}</p>", statusCode: 400);
        }
        var references = await deletion.MatchAsync(phone, email, ct);
        if (references.Count == 0)
        {
            return Page(http, "No requests found", $"<p>No request has that phone number or email address.</p><p>{Back("/staff/erasure", "Back")}</p>");
        }
        return Page(http, "Confirm erasure",
            $"<p class=\"alert\">This permanently deletes {references.Count} request(s): {E(string.Join(", ", references))}. It cannot be undone.</p>" +
            $"<form method=\"post\" action=\"/staff/erasure/confirm\">{Token(http)}" +
            $"<input type=\"hidden\" name=\"email\" value=\"{E(email)}\"><input type=\"hidden\" name=\"phone\" value=\"{E(phone)}\">" +
            $"<p class=\"actions\"><button type=\"submit\">Erase permanently</button> {Back("/staff", "Cancel")}</p></form>");
    }

    private static async Task<IResult> EraseByStaffAsync(HttpContext http, VisitorErasure erasure, ILoggerFactory loggers, CancellationToken ct)
    {
        var (email, phone) = await ReadContactAsync(http, ct);
        if (email is null && phone is null)
        {
            return Page(http, "Nothing entered", $"<p>Enter a phone number or an email address.</p><p>{Back("/staff/erasure", "Back")}</p>", statusCode: 400);
        }
        var actor = http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var erased = await erasure.EraseAsync(phone, email, actor, ct);
        Log.Erased(loggers.CreateLogger(LogCategory), erased, actor, email ?? phone!);
        return Page(http, "Erased", $"<p>{erased} request(s) deleted.</p><p>{Back("/staff", "Back to the inbox")}</p>");
    }

    private static async Task<(string? Email, string? Phone)> ReadContactAsync(HttpContext http, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var email = form["email"].ToString().Trim();
        var phone = form["phone"].ToString().Trim();
        return (email.Length > 0 ? email : null, phone.Length > 0 ? phone : null);
    }

    private static string? StringProperty(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Erasure by {Actor} for {Contact}: {Count} request(s) deleted")]
        public static partial void Erased(ILogger logger, int count, string actor, [PersonalData] string contact);
    }
}

public sealed record ErasureResult(int Erased);
