using Bot.Handoff;

namespace Bot.Privacy;

/// <summary>
/// What free text a visitor typed goes through before it leaves the handoff record (email, webhook): the local
/// redactor always, then Azure AI Language's PII check when it is configured and answers in time.
/// </summary>
public sealed class OutboundRedactor(LocalRedactor local, AzureLanguagePii azure)
{
    public async Task<string?> RedactAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        var redacted = local.Redact(text);
        return azure.IsConfigured ? await azure.RedactAsync(redacted, ct) ?? redacted : redacted;
    }

    /// <summary>
    /// The request as a delivery carries it: the answers the visitor typed in their own words redacted; the
    /// name, phone and email they gave as contact details stay, since they are what the delivery is for.
    /// </summary>
    public async Task<HandoffRequest> RedactFreeTextAsync(HandoffRequest request, CancellationToken ct) => request with
    {
        BestTime = await RedactAsync(request.BestTime, ct),
        Reason = await RedactAsync(request.Reason, ct),
    };
}
