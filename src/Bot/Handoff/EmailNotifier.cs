using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Bot.Privacy;

namespace Bot.Handoff;

/// <summary>
/// Emails staff that a request is waiting. By default only the reference, URGENT, the time and a link:
/// the details stay in the inbox unless the clinic opts in with Handoff:Email:IncludeContactDetails.
/// </summary>
public sealed class EmailNotifier(IOptions<HandoffOptions> options, OutboundRedactor redactor) : IHandoffNotifier
{
    public string Channel => DeliveryChannel.Email;

    public async Task SendAsync(HandoffRequest request, Guid deliveryId, CancellationToken ct)
    {
        var settings = options.Value;
        var email = settings.Email;
        using var client = new SmtpClient();
        var security = !email.UseTls ? SecureSocketOptions.None
            : email.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(email.Host!, email.Port, security, ct);
        if (!string.IsNullOrEmpty(email.Username))
        {
            await client.AuthenticateAsync(email.Username, email.Password ?? "", ct);
        }
        if (email.IncludeContactDetails)
        {
            request = await redactor.RedactFreeTextAsync(request, ct);
        }
        await client.SendAsync(Compose(request, deliveryId, settings), ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    public static MimeMessage Compose(HandoffRequest request, Guid deliveryId, HandoffOptions settings)
    {
        var email = settings.Email;
        var message = new MimeMessage
        {
            // Stable per delivery so a resend after a crash threads with, or is dropped as, the first.
            MessageId = $"{deliveryId:N}@handoff.bot",
            Subject = (request.Urgent ? "URGENT: " : "") + $"New assessment request {request.Reference}",
        };
        message.From.Add(MailboxAddress.Parse(string.IsNullOrWhiteSpace(email.From) ? "bot@localhost" : email.From));
        foreach (var to in (email.To ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        var body = new StringBuilder();
        if (request.Urgent)
        {
            body.AppendLine("URGENT: the visitor used crisis language during the conversation.").AppendLine();
        }
        body.AppendLine($"Reference: {request.Reference}");
        body.AppendLine($"Received: {request.CreatedAt:yyyy-MM-dd HH:mm} UTC");
        if (email.IncludeContactDetails)
        {
            body.AppendLine($"Name: {request.Name}");
            body.AppendLine($"Phone: {request.Phone ?? "-"}");
            body.AppendLine($"Email: {request.Email ?? "-"}");
            body.AppendLine($"Preferred contact: {request.PreferredContact}");
            body.AppendLine($"Best time: {request.BestTime ?? "-"}");
        }
        body.AppendLine().AppendLine($"Open it in the staff inbox: {settings.InboxUrl.TrimEnd('/')}/requests/{request.Id}");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
