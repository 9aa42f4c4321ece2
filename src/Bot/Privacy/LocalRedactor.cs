using System.Text;
using System.Text.RegularExpressions;
using Bot.Conversation.Intake;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Bot.Privacy;

/// <summary>
/// Takes contact details out of free text on this machine: phone numbers as libphonenumber finds them (any
/// format the intake accepts, in its default region), email addresses, and digit runs shaped like US social security or card numbers.
/// </summary>
public sealed partial class LocalRedactor(IOptions<IntakeOptions> intake)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        text = Email().Replace(text, "[email]");
        text = Identifier().Replace(text, "[number]");
        var matches = Phones.FindNumbers(text, intake.Value.DefaultRegion, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue).ToList();
        if (matches.Count == 0)
        {
            return text;
        }
        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches)
        {
            redacted.Append(text, at, match.Start - at).Append("[phone]");
            at = match.Start + match.Length;
        }
        return redacted.Append(text, at, text.Length - at).ToString();
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{3}-\d{2}-\d{4}\b|\b(?:\d[ -]?){13,19}\b")]
    private static partial Regex Identifier();
}
