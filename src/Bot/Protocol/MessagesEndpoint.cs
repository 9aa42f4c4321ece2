using System.Text.Json;
using Bot.Conversation;
using Microsoft.Extensions.Options;

namespace Bot.Protocol;

/// <summary>
/// POST /api/messages, the Bot Connector endpoint: one Activity in. With deliveryMode "expectReplies"
/// the replies come back in the body; otherwise 200 at once and the replies go to serviceUrl.
/// Bad input is a 4xx with problem details, never a 500.
/// </summary>
public static class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, TurnHandler turns, ReplySender sender, IOptions<BotOptions> options, CancellationToken cancellationToken)
    {
        if (http.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the activity as application/json.");
        }
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"An activity may be at most {limit} bytes.");
        }
        var body = await ReadAtMostAsync(http.Request.Body, limit, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"An activity may be at most {limit} bytes.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body.Value.Span, ProtocolJson.Default.Activity);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", ex.Path is { } path
                ? $"The JSON is not a valid activity (at {path})."
                : "The body is not valid JSON.");
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing activity type", "Every activity needs a \"type\", such as \"message\".");
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing conversation", "Every activity needs \"conversation\": {\"id\": ...}.");
        }
        if (activity.Type == ActivityTypes.Invoke)
        {
            // A chatbot that handles no invokes answers 501, as the SDK does.
            return Results.StatusCode(StatusCodes.Status501NotImplemented);
        }

        var replies = await turns.HandleAsync(activity, cancellationToken);
        if (string.Equals(activity.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new ExpectedReplies(replies), ProtocolJson.Default.ExpectedReplies);
        }
        sender.Enqueue(replies);
        return Results.Ok();
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
