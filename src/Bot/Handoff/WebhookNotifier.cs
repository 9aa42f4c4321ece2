using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bot.Handoff;

/// <summary>
/// POSTs the request as JSON to Handoff:Webhook:Url, signed with HMAC-SHA256 over the exact body bytes
/// (X-Signature: sha256=&lt;hex&gt;) and carrying an Idempotency-Key that stays the same across retries.
/// </summary>
public sealed class WebhookNotifier(IHttpClientFactory clients, IOptions<HandoffOptions> options) : IHandoffNotifier
{
    public const string HttpClientName = "handoff-webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Channel => DeliveryChannel.Webhook;

    public async Task SendAsync(HandoffRequest request, Guid deliveryId, CancellationToken ct)
    {
        var webhook = options.Value.Webhook;
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(request, webhook.IncludeContactDetails, options.Value.InboxUrl), Json);
        using var message = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.Add("Idempotency-Key", $"{request.Id:N}-webhook");
        message.Headers.Add("X-Signature", Sign(body, webhook.Secret!));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(message, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"webhook answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static object Payload(HandoffRequest r, bool includeContactDetails, string inboxUrl) => includeContactDetails
        ? new
        {
            @event = "handoff.created",
            id = r.Id,
            reference = r.Reference,
            createdAt = r.CreatedAt,
            status = r.Status,
            urgent = r.Urgent,
            name = r.Name,
            phone = r.Phone,
            email = r.Email,
            preferredContact = r.PreferredContact,
            bestTime = r.BestTime,
            reason = r.Reason,
            consentAt = r.ConsentAt,
            conversationId = r.ConversationId,
            inboxUrl = $"{inboxUrl.TrimEnd('/')}/requests/{r.Id}",
        }
        : new
        {
            @event = "handoff.created",
            id = r.Id,
            reference = r.Reference,
            createdAt = r.CreatedAt,
            status = r.Status,
            urgent = r.Urgent,
            conversationId = r.ConversationId,
            inboxUrl = $"{inboxUrl.TrimEnd('/')}/requests/{r.Id}",
        };
}
