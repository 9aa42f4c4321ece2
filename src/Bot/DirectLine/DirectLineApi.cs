using System.Globalization;
using System.Text.Json;
using Bot.Protocol;
using Bot.RateLimits;

namespace Bot.DirectLine;

/// <summary>
/// The Direct Line 3.0 REST API that botframework-directlinejs (and so Web Chat) speaks. Statuses follow
/// what the client reacts to: 401 no credentials, 403 expired/forged/foreign token, 404 unknown conversation.
/// </summary>
public static class DirectLineApi
{
    private const int MaxActivityBytes = 64 * 1024;
    private const int MaxTextLength = 5000;

    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v3/directline").RequireCors(DirectLineExtensions.CorsPolicy);
        group.MapPost("/tokens/generate", GenerateTokenAsync).RequireRateLimiting(RateLimitExtensions.Tokens);
        group.MapPost("/tokens/refresh", RefreshToken).RequireRateLimiting(RateLimitExtensions.Messages);
        group.MapPost("/conversations", StartConversationAsync).RequireRateLimiting(RateLimitExtensions.Messages);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync).RequireRateLimiting(RateLimitExtensions.Messages);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.Map("/conversations/{conversationId}/stream", DirectLineSocket.StreamAsync);
        return group;
    }

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, DirectLineTokens tokens)
    {
        switch (tokens.Identify(request))
        {
            case DirectLineCaller.SiteBackend:
                break;
            case DirectLineCaller.Visitor:
                return Error(StatusCodes.Status403Forbidden, "Forbidden", "Generating a token needs the Direct Line secret.");
            case var other:
                return Unauthorized(other);
        }
        var (body, error) = await ReadAsync(request, DirectLineJson.Default.StartRequest);
        if (error is not null)
        {
            return error;
        }
        var conversationId = DirectLineTokens.NewConversationId();
        var userId = ValidUserId(body?.User?.Id) ?? DirectLineTokens.NewUserId();
        return Results.Json(
            new ConversationResponse(conversationId, tokens.Issue(conversationId, userId), tokens.LifetimeSeconds),
            DirectLineJson.Default.ConversationResponse);
    }

    private static IResult RefreshToken(HttpRequest request, DirectLineTokens tokens) => tokens.Identify(request) switch
    {
        DirectLineCaller.Visitor(var token) => Results.Json(
            new ConversationResponse(token.ConversationId, tokens.Issue(token.ConversationId, token.UserId), tokens.LifetimeSeconds),
            DirectLineJson.Default.ConversationResponse),
        DirectLineCaller.SiteBackend => Error(StatusCodes.Status403Forbidden, "Forbidden", "Only a token can be refreshed."),
        var other => Unauthorized(other),
    };

    private static async Task<IResult> StartConversationAsync(HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        var caller = tokens.Identify(request);
        if (caller is DirectLineCaller.Anonymous or DirectLineCaller.Rejected)
        {
            return Unauthorized(caller);
        }
        var (body, error) = await ReadAsync(request, DirectLineJson.Default.StartRequest);
        if (error is not null)
        {
            return error;
        }
        var token = (caller as DirectLineCaller.Visitor)?.Token;
        var conversationId = token?.ConversationId ?? DirectLineTokens.NewConversationId();
        var userId = token?.UserId ?? ValidUserId(body?.User?.Id) ?? DirectLineTokens.NewUserId();
        var created = await conversations.StartAsync(conversationId, userId, body?.Locale, ServiceUrl(request));
        var newToken = tokens.Issue(conversationId, token?.UserId ?? userId);
        var response = new ConversationResponse(conversationId, newToken, tokens.LifetimeSeconds, StreamUrl(request, conversationId, newToken, null));
        return Results.Json(response, DirectLineJson.Default.ConversationResponse, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ReconnectAsync(HttpRequest request, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations)
    {
        if (Authorize(tokens.Identify(request), conversationId, out var user) is { } denied)
        {
            return denied;
        }
        if (ParseWatermark(request.Query["watermark"]) is not { } watermark)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark is not valid.");
        }
        if (!await conversations.ExistsAsync(conversationId))
        {
            return NotFound();
        }
        var token = tokens.Issue(conversationId, user);
        return Results.Json(
            new ConversationResponse(conversationId, token, tokens.LifetimeSeconds, StreamUrl(request, conversationId, token, watermark)),
            DirectLineJson.Default.ConversationResponse);
    }

    private static async Task<IResult> PostActivityAsync(
        HttpRequest request, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, ConversationRateLimiter conversationLimits)
    {
        if (Authorize(tokens.Identify(request), conversationId, out var user) is { } denied)
        {
            return denied;
        }
        var (activity, error) = await ReadAsync(request, DirectLineJson.Default.Activity);
        if (error is not null)
        {
            return error;
        }
        if (activity is not { Type.Length: > 0 })
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The activity needs a type.");
        }
        if (activity.Text is { Length: > MaxTextLength })
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", $"The text is longer than {MaxTextLength} characters.");
        }
        if (activity.Type == ActivityTypes.Typing)
        {
            // The visitor's own typing is not part of the transcript and the bot does not need it.
            return await conversations.ExistsAsync(conversationId) ? Results.Json(new ResourceResponse(""), DirectLineJson.Default.ResourceResponse) : NotFound();
        }
        if (await conversationLimits.CheckAsync(conversationId, request.HttpContext.RequestAborted) is { } tooMany)
        {
            return tooMany;
        }
        var incoming = activity with
        {
            Id = null,
            Timestamp = null,
            ChannelId = DirectLineConversations.ChannelId,
            ServiceUrl = ServiceUrl(request),
            Conversation = new ConversationAccount(conversationId),
            Recipient = conversations.Bot,
            // A user named in the token wins over whatever the page put in `from` (as Azure does).
            From = new ChannelAccount(user ?? ValidUserId(activity.From?.Id) ?? "user", activity.From?.Name, "user"),
        };
        return await conversations.PostAsync(conversationId, incoming, request.HttpContext.Connection.RemoteIpAddress?.ToString()) is { } id
            ? Results.Json(new ResourceResponse(id), DirectLineJson.Default.ResourceResponse)
            : NotFound();
    }

    private static async Task<IResult> GetActivitiesAsync(HttpRequest request, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, CancellationToken cancellationToken)
    {
        if (Authorize(tokens.Identify(request), conversationId, out _) is { } denied)
        {
            return denied;
        }
        if (ParseWatermark(request.Query["watermark"]) is not { } watermark)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark is not valid.");
        }
        if (await conversations.ReadAfterAsync(conversationId, watermark, cancellationToken) is not { } stored)
        {
            return NotFound();
        }
        return Results.Json(ToSet(stored, watermark), DirectLineJson.Default.ActivitySet);
    }

    internal static ActivitySet ToSet(IReadOnlyList<StoredActivity> stored, long watermark)
    {
        var last = stored.Count > 0 ? stored[^1].Sequence : watermark;
        return new ActivitySet(stored.Select(s => s.Activity).ToList(), last >= 0 ? last.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Null when the caller may use the conversation (the site backend may use any); otherwise the refusal.</summary>
    internal static IResult? Authorize(DirectLineCaller caller, string conversationId, out string? userId)
    {
        userId = null;
        switch (caller)
        {
            case DirectLineCaller.SiteBackend:
                return null;
            case DirectLineCaller.Visitor(var token) when string.Equals(token.ConversationId, conversationId, StringComparison.Ordinal):
                userId = token.UserId;
                return null;
            case DirectLineCaller.Visitor:
                return Error(StatusCodes.Status403Forbidden, "Forbidden", "The token is for another conversation.");
            default:
                return Unauthorized(caller);
        }
    }

    internal static long? ParseWatermark(string? value) =>
        string.IsNullOrEmpty(value) ? -1
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    internal static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorBody(code, message)), DirectLineJson.Default.ErrorResponse, statusCode: status);

    internal static IResult NotFound() => Error(StatusCodes.Status404NotFound, "ConversationNotFound", "The conversation does not exist or has expired.");

    private static IResult Unauthorized(DirectLineCaller caller) => caller is DirectLineCaller.Rejected(var reason)
        ? Error(StatusCodes.Status403Forbidden, "TokenExpired", reason)
        : Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Send the Direct Line secret or a token as 'Authorization: Bearer ...'.");

    private static string? ValidUserId(string? id) => id is { Length: > 0 and <= 128 } ? id : null;

    private static string ServiceUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    private static string StreamUrl(HttpRequest request, string conversationId, string token, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var mark = watermark is >= 0 ? $"watermark={watermark.Value.ToString(CultureInfo.InvariantCulture)}&" : "";
        return $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/stream?{mark}t={Uri.EscapeDataString(token)}";
    }

    /// <summary>Reads an optional JSON body; malformed or oversized input becomes a 400/413, never an exception.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (request.ContentLength is > MaxActivityBytes)
        {
            return (default, Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The body is too large."));
        }
        if (request.ContentLength == 0)
        {
            return (default, null);
        }
        try
        {
            var buffer = new byte[MaxActivityBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
            }
            if (length > MaxActivityBytes)
            {
                return (default, Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The body is too large."));
            }
            if (length == 0)
            {
                return (default, null);
            }
            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), type);
            return UnicodeCheck.CannotBeWrittenBack(buffer.AsSpan(0, length), value, type)
                ? (default, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body holds text that is not valid Unicode."))
                : (value, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return (default, Error(StatusCodes.Status400BadRequest, "BadArgument", "The body is not valid JSON."));
        }
    }
}
