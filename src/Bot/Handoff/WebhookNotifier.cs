using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Privacy;
using Microsoft.Extensions.Options;

namespace Bot.Handoff;

/// <summary>
/// POSTs the request as JSON to Handoff:Webhook:Url, signed with HMAC-SHA256 over the exact body bytes
/// (X-Signature: sha256=&lt;hex&gt;) and carrying an Idempotency-Key that stays the same across retries.
/// </summary>
public sealed class WebhookNotifier(IHttpClientFactory clients, IOptions<HandoffOptions> options, OutboundRedactor redactor) : IHandoffNotifier
{
    public const string HttpClientName = "handoff-webhook";

    public string Channel => DeliveryChannel.Webhook;

    public async Task SendAsync(HandoffRequest request, Guid deliveryId, CancellationToken ct)
    {
        var webhook = options.Value.Webhook;
        if (webhook.IncludeContactDetails)
        {
            request = await redactor.RedactFreeTextAsync(request, ct);
        }
        var body = Payload(request, webhook.IncludeContactDetails, options.Value.InboxUrl);
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

    // Written field by field: the same keys in the same order every time (receivers verify the signature over
    // these exact bytes), and no reflection, so the natively compiled build sends the same body.
    private static byte[] Payload(HandoffRequest r, bool includeContactDetails, string inboxUrl)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", "handoff.created");
            json.WriteString("id", r.Id);
            json.WriteString("reference", r.Reference);
            json.WriteString("createdAt", r.CreatedAt);
            json.WriteString("status", r.Status);
            json.WriteBoolean("urgent", r.Urgent);
            if (includeContactDetails)
            {
                json.WriteString("name", r.Name);
                json.WriteString("phone", r.Phone);
                json.WriteString("email", r.Email);
                json.WriteString("preferredContact", r.PreferredContact);
                json.WriteString("bestTime", r.BestTime);
                json.WriteString("reason", r.Reason);
                json.WriteString("consentAt", r.ConsentAt);
            }
            json.WriteString("conversationId", r.ConversationId);
            json.WriteString("inboxUrl", $"{inboxUrl.TrimEnd('/')}/requests/{r.Id}");
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
