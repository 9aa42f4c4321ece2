using System.Globalization;
using System.Text;
using Bot.Conversation;
using Bot.Conversation.Intake;
using Bot.Conversation.Safety;
using Bot.Handoff;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using static Bot.Staff.StaffHtml;

namespace Bot.Staff;

/// <summary>
/// How the inbox shows values to people: times in the clinic's zone (Staff:TimeZone), phone numbers for reading and
/// tapping (Intake:DefaultRegion), and the transcript as the visitor saw it, with the crisis message marked.
/// </summary>
public sealed class StaffDisplay(IOptions<StaffOptions> staff, IOptionsMonitor<IntakeOptions> intake, CrisisDetector crisis)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    // The bot's replies are ours, but the transcript is stored data: raw HTML in it is shown as text, never run.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().DisableHtml().Build();

    // The opening of the crisis replies' resource list (Replies.Crisis and CrisisForSomeoneElse, not the supportive lines).
    private const string CrisisReply = "Crisis Lifeline (24/7)";

    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(staff.Value.TimeZone);

    /// <summary>"2026-12-02 09:14 UTC−5": the clinic's wall clock, with its offset so no one has to guess the zone.</summary>
    public string Time(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var offset = local.Offset;
        var suffix = offset == TimeSpan.Zero ? "UTC"
            : "UTC" + (offset < TimeSpan.Zero ? "−" : "+") + offset.Duration().Hours.ToString(CultureInfo.InvariantCulture)
              + (offset.Minutes == 0 ? "" : ":" + offset.Duration().Minutes.ToString("00", CultureInfo.InvariantCulture));
        var utc = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{utc}\">{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {suffix}</time>";
    }

    /// <summary>The stored E.164 number as a tap-to-call link, written the way the clinic reads numbers.</summary>
    public string PhoneLink(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "-";
        }
        var shown = e164;
        try
        {
            var number = Phones.Parse(e164, intake.CurrentValue.DefaultRegion);
            var local = Phones.GetRegionCodeForNumber(number) == intake.CurrentValue.DefaultRegion;
            shown = Phones.Format(number, local ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
        }
        return $"<a class=\"tap\" href=\"tel:{E(e164)}\">{E(shown)}</a>";
    }

    public static string EmailLink(string? email) =>
        string.IsNullOrEmpty(email) ? "-" : $"<a class=\"tap\" href=\"mailto:{E(email)}\">{E(email)}</a>";

    /// <summary>Visitor lines as typed (encoded, line breaks kept), bot lines as the rendered markdown the visitor saw.</summary>
    public string Transcript(HandoffRequest request)
    {
        var html = new StringBuilder("<ol class=\"transcript\">");
        var lines = request.Transcript;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var visitor = line.From == TranscriptEntry.Visitor;
            var flagged = visitor && request.Urgent && IsCrisisMessage(line.Text, i + 1 < lines.Count ? lines[i + 1] : null);
            html.Append($"<li class=\"line {(visitor ? "visitor" : "bot")}{(flagged ? " crisis" : "")}\"><p class=\"meta\"><span class=\"from\">")
                .Append(visitor ? "Visitor" : line.From == TranscriptEntry.Bot ? "Bot" : E(line.From))
                .Append($"</span> <small>{Time(line.Timestamp)}</small>")
                .Append(flagged ? " <strong class=\"flag\">Crisis message</strong>" : "")
                .Append("</p>")
                .Append(visitor ? $"<p class=\"text visitor-text\">{E(line.Text)}</p>" : $"<div class=\"text prose\">{RenderMarkdown(line.Text)}</div>")
                .Append("</li>");
        }
        return html.Append("</ol>").ToString();
    }

    /// <summary>What the crisis detector flags today, or what the bot answered with crisis resources at the time.</summary>
    private bool IsCrisisMessage(string text, TranscriptLine? next) =>
        (next is { From: TranscriptEntry.Bot } reply && reply.Text.Contains(CrisisReply, StringComparison.Ordinal))
        || crisis.Assess(text, supportive: false) is Risk.Crisis or Risk.CrisisForSomeoneElse;

    public static string RenderMarkdown(string text)
    {
        var document = Markdig.Markdown.Parse(text, Markdown);
        foreach (var link in document.Descendants<LinkInline>())
        {
            // Only ordinary links: a stored javascript: or data: URL goes nowhere.
            if (link.Url is { } url && !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)))
            {
                link.Url = "#";
            }
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !link.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !link.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                link.Url = "#";
            }
        }
        return document.ToHtml(Markdown);
    }
}
