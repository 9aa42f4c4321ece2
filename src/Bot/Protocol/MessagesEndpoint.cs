using System.Buffers;
using System.Text.Json;
using Bot.Conversation;
using Bot.RateLimits;
using Microsoft.Extensions.Options;

namespace Bot.Protocol;

/// <summary>
/// POST /api/messages, the Bot Connector endpoint: one Activity in. With deliveryMode "expectReplies"
/// the replies come back in the body; otherwise 200 at once and the replies go to serviceUrl.
/// Bad input is a 4xx with problem details, never a 500. The caller is checked first (<see cref="BotAuthentication"/>).
/// </summary>
public static class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync).RequireRateLimiting(RateLimitExtensions.Messages);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, BotAuthentication auth, TurnHandler turns, ReplySender sender, ConversationRateLimiter conversationLimits,
        IOptions<BotOptions> options, CancellationToken cancellationToken)
    {
        var (refusal, token) = await auth.CheckCallerAsync(http, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the activity as application/json.");
        }
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"An activity may be at most {limit} bytes.");
        }
        var (buffer, length) = await ReadAtMostAsync(http.Request.Body, limit, cancellationToken);
        if (length < 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"An activity may be at most {limit} bytes.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ProtocolJson.Default.Activity);
            if (UnicodeCheck.CannotBeWrittenBack(buffer.AsSpan(0, length), activity, ProtocolJson.Default.Activity))
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed activity", "The body holds text that is not valid Unicode.");
            }
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", ex.Path is { } path
                ? $"The JSON is not a valid activity (at {path})."
                : "The body is not valid JSON.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing activity type", "Every activity needs a \"type\", such as \"message\".");
        }
        if (auth.CheckActivity(http, token, activity) is { } mismatch)
        {
            return mismatch;
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing conversation", "Every activity needs \"conversation\": {\"id\": ...}.");
        }
        if (await conversationLimits.CheckAsync(activity.Conversation.Id, http.RequestAborted) is { } tooMany)
        {
            return tooMany;
        }
        if (activity.Type == ActivityTypes.Invoke)
        {
            // A chatbot that handles no invokes answers 501, as the SDK does.
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        var replies = await turns.HandleAsync(activity, http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (string.Equals(activity.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new ExpectedReplies(replies), ProtocolJson.Default.ExpectedReplies);
        }
        sender.Enqueue(replies);
        return Results.Ok();
    }

    /// <summary>
    /// The body in a pooled buffer (return it when done), or a length of -1 past <paramref name="limit"/>.
    /// Pooled because every turn reads one, and a fresh buffer per request was a sixth of a turn's garbage.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var length = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return (buffer, -1);
                }
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
