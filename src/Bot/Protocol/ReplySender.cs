using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Bot.Protocol;

/// <summary>
/// Delivers replies in the normal delivery mode: POST {serviceUrl}v3/conversations/{id}/activities/{replyToId}
/// (or .../activities with no replyToId), in the background so /api/messages answers at once.
/// Only service URLs on the allow-list are called; with an app id each POST carries the bot's own token.
/// </summary>
public sealed class ReplySender(IHttpClientFactory clients, BotTokenClient tokens, IOptions<BotOptions> options, ILogger<ReplySender> logger) : BackgroundService
{
    private readonly Channel<Activity> _queue = Channel.CreateBounded<Activity>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(IEnumerable<Activity> replies)
    {
        foreach (var reply in replies)
        {
            if (IsAllowed(reply.ServiceUrl))
            {
                _queue.Writer.TryWrite(reply);
            }
            else
            {
                logger.LogWarning("Reply for conversation {ConversationId} dropped: service URL not on Bot:AllowedServiceUrls", reply.Conversation?.Id);
            }
        }
    }

    private bool IsAllowed(string? serviceUrl) =>
        serviceUrl is not null && Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url)
        && options.Value.AllowedServiceUrls.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var allowed)
            && allowed.Scheme == url.Scheme && string.Equals(allowed.Authority, url.Authority, StringComparison.OrdinalIgnoreCase)
            && url.AbsolutePath.StartsWith(allowed.AbsolutePath, StringComparison.Ordinal));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = clients.CreateClient(nameof(ReplySender));
        await foreach (var reply in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var baseUrl = reply.ServiceUrl!.EndsWith('/') ? reply.ServiceUrl : reply.ServiceUrl + "/";
            var path = $"v3/conversations/{Uri.EscapeDataString(reply.Conversation?.Id ?? "")}/activities"
                + (reply.ReplyToId is { } to ? "/" + Uri.EscapeDataString(to) : "");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path)
                {
                    Content = JsonContent.Create(reply, ProtocolJson.Default.Activity),
                };
                if (options.Value.RequiresChannelToken)
                {
                    request.Headers.Authorization = new("Bearer", await tokens.GetTokenAsync(stoppingToken));
                }
                using var response = await http.SendAsync(request, stoppingToken);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Channel answered {Status} to a reply in conversation {ConversationId}", (int)response.StatusCode, reply.Conversation?.Id);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Reply to conversation {ConversationId} not delivered: {Error}", reply.Conversation?.Id, ex.Message);
            }
        }
    }
}
