using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Bot.Tests.DirectLine;
using Bot.Tests.Infrastructure;

namespace Bot.Tests.Scaling;

/// <summary>Reads every frame of a Direct Line stream in the background, keeping the activities in arrival order.</summary>
public sealed class SocketReader : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<JsonNode> activities = new();
    private readonly Task reading;

    private SocketReader(ClientWebSocket socket)
    {
        this.socket = socket;
        reading = Task.Run(ReadAsync);
    }

    public IReadOnlyList<JsonNode> Activities => activities.ToList();

    /// <summary>Whether the bot's message answering <paramref name="activityId"/> has arrived.</summary>
    public bool HasBotReplyTo(string activityId) => activities.Any(a => IsBotMessage(a) && (string?)a["replyToId"] == activityId);

    public static bool IsBotMessage(JsonNode activity) =>
        (string?)activity["type"] == "message" && (string?)activity["from"]?["role"] == "bot";

    public static async Task<SocketReader> ConnectAsync(Uri url, NginxProxy? nginx)
    {
        var socket = new ClientWebSocket();
        if (nginx is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, c, _, _) => nginx.Trusts(c);
        }
        await socket.ConnectAsync(url, CancellationToken.None);
        return new SocketReader(socket);
    }

    private async Task ReadAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var frame = await DirectLineTestClient.ReceiveFrameAsync(socket, TimeSpan.FromMinutes(5));
                foreach (var activity in frame["activities"]?.AsArray() ?? [])
                {
                    activities.Enqueue(activity!.DeepClone());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or Xunit.Sdk.XunitException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        socket.Abort();
        await reading;
        socket.Dispose();
    }
}
