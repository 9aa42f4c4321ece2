using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The Direct Line stream: replays what came after the watermark, then pushes new activities live.
/// Every non-empty frame is an ActivitySet; empty frames are keep-alives; client pings ("") are ignored.
/// </summary>
public static class DirectLineSocket
{
    public static async Task<IResult> StreamAsync(
        HttpContext context,
        string conversationId,
        DirectLineTokens tokens,
        DirectLineConversations conversations,
        IOptions<DirectLineOptions> options,
        IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineApi.Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream is a WebSocket.");
        }
        if (!OriginAllowed(context.Request, options.Value.AllowedOrigins))
        {
            return DirectLineApi.Error(StatusCodes.Status403Forbidden, "Forbidden", "This origin may not open the stream.");
        }
        // Browsers cannot put headers on a WebSocket, so the token rides in the query string (?t=).
        if (DirectLineApi.Authorize(tokens.IdentifyCredential(context.Request.Query["t"]), conversationId, out _) is { } denied)
        {
            return denied;
        }
        if (DirectLineApi.ParseWatermark(context.Request.Query["watermark"]) is not { } watermark)
        {
            return DirectLineApi.Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark is not valid.");
        }
        if (!await conversations.ExistsAsync(conversationId))
        {
            return DirectLineApi.NotFound();
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        // Receiving never takes the stop token: cancelling a receive aborts the socket, and then no close frame can be sent.
        using var clientGone = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping, clientGone.Token);
        var receiving = ReceiveUntilClosedAsync(socket, clientGone);
        try
        {
            await PumpAsync(socket, conversationId, watermark, conversations, options.Value.KeepAliveInterval, stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The visitor left or the app is stopping; directlinejs reconnects with its watermark.
        }
        finally
        {
            await CloseAsync(socket, lifetime.ApplicationStopping.IsCancellationRequested);
            if (await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2))) != receiving)
            {
                socket.Abort();
            }
            await receiving;
        }
        return Results.Empty;
    }

    private static async Task PumpAsync(WebSocket socket, string conversationId, long watermark, DirectLineConversations conversations, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        // Subscribe before reading the history, so nothing published in between is lost; duplicates are skipped by sequence.
        using var subscription = conversations.Subscribe(conversationId);
        var last = watermark;
        if (await conversations.ReadAfterAsync(conversationId, watermark, cancellationToken) is not { } missed)
        {
            return;
        }
        if (missed.Count > 0)
        {
            await SendAsync(socket, DirectLineApi.ToSet(missed, watermark), cancellationToken);
            last = missed[^1].Sequence;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            StreamFrame frame;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(keepAlive);
                try
                {
                    frame = await subscription.Frames.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, cancellationToken);
                    continue;
                }
            }
            // A gap before the frame means another instance stored activities this stream has not heard of yet.
            var stored = frame.ReadStore || frame.Stored is [var first, ..] && first.Sequence > last + 1
                ? await conversations.ReadAfterAsync(conversationId, last, cancellationToken) ?? []
                : frame.Stored;
            var fresh = stored.Where(s => s.Sequence > last).ToList();
            if (fresh.Count > 0)
            {
                await SendAsync(socket, DirectLineApi.ToSet(fresh, last), cancellationToken);
                last = fresh[^1].Sequence;
            }
            if (frame.Transient is { } transient)
            {
                // Typing is not stored and carries no watermark; the client keeps the one it has.
                await SendAsync(socket, new ActivitySet([transient], null), cancellationToken);
            }
        }
    }

    /// <summary>Reads (and ignores) what the client sends, so pings are consumed and a close is noticed.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource clientGone)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        await clientGone.CancelAsync();
    }

    /// <summary>A close frame for the client: 1001 "going away" when the app stops, so it reconnects (to another instance).</summary>
    private static async Task CloseAsync(WebSocket socket, bool stopping)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(stopping ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure,
                stopping ? "The bot is restarting." : null, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static Task SendAsync(WebSocket socket, ActivitySet set, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(set, DirectLineJson.Default.ActivitySet), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Browsers always send Origin on a WebSocket: allow our own origin and the configured ones; other clients send none.</summary>
    internal static bool OriginAllowed(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}
