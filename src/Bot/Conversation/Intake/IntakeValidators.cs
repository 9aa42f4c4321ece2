using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Bot.Conversation.Intake;

/// <summary>A checked answer: the value, or why it was not accepted (said to the visitor, with an example).</summary>
public readonly record struct Validated<T>(T? Value, string? Error)
{
    public bool IsValid => Error is null;

    public static Validated<T> Ok(T value) => new(value, null);

    public static Validated<T> Fail(string error) => new(default, error);
}

public sealed record PhoneValue(string E164, string Display);

/// <summary>
/// Pure checks of the visitor's answers: text in, value or reason out. No state, no I/O,
/// so each rule is easy to read and to test on its own.
/// </summary>
public static partial class IntakeValidators
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "yes", "no", "ok", "okay", "sure", "hi", "hello", "hey", "thanks", "thank", "you", "skip", "help", "what", "why",
        "how", "cancel", "stop", "none", "nope", "yeah", "yep", "idk", "dunno", "test", "name", "my", "is", "not",
        "anonymous", "prefer", "rather", "later", "wait", "hmm", "um", "uh", "good", "fine", "a", "the", "and",
    };

    public static Validated<string> Name(string text)
    {
        var name = NameLeadIn().Replace(text.Trim(), "").Trim().Trim('.', ',', '!', ';', ':', '"').Trim();
        name = Spaces().Replace(name, " ");
        if (name.Length == 0 || name.Any(char.IsDigit) || name.Contains('@'))
        {
            return Validated<string>.Fail("I didn't catch a name there. Could you type your first and last name, like Jane Doe?");
        }
        var words = name.Split(' ');
        if (name.Length > 80 || words.Length > 5 || !NameChars().IsMatch(name) || words.All(NotNames.Contains))
        {
            return Validated<string>.Fail("That doesn't look like a name to me. Could you type your first and last name, like Jane Doe?");
        }
        if (words.Length < 2)
        {
            return Validated<string>.Fail($"Thanks. Could you add your last name too, like {TitleCase(name)} Doe?");
        }
        // "jane doe" or "JANE DOE" reads better as Jane Doe; mixed case ("McKay", "de la Cruz") is kept as typed.
        var cased = name == name.ToLowerInvariant() || name == name.ToUpperInvariant() ? TitleCase(name) : name;
        return Validated<string>.Ok(cased);
    }

    public static Validated<PhoneValue> Phone(string text, string region)
    {
        var candidate = PhoneLeadIn().Replace(text.Trim(), "").Trim().TrimEnd('.', ',', '!');
        var example = PhoneExample(region);
        var digits = candidate.Count(char.IsDigit);
        if (digits == 0)
        {
            return Validated<PhoneValue>.Fail($"I didn't see a phone number there. Could you type it with the area code, like {example}?");
        }
        if (candidate.Count(char.IsLetter) > 3)
        {
            return Validated<PhoneValue>.Fail($"I could only read part of that as a phone number. Could you type just the number, like {example}?");
        }
        PhoneNumber number;
        try
        {
            number = Phones.Parse(candidate, region);
        }
        catch (NumberParseException ex)
        {
            return Validated<PhoneValue>.Fail(ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "I couldn't tell which country that number is in. For a number from another country, start with + and the country code, like +44 20 7946 0958.",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => $"That number looks short. Could you include the area code, like {example}?",
                ErrorType.TOO_LONG => $"That number looks too long. Could you check it? For example, {example}.",
                _ => $"I couldn't read that as a phone number. Could you type it like {example}?",
            });
        }
        var possible = Phones.IsPossibleNumberWithReason(number);
        if (possible is PhoneNumberUtil.ValidationResult.TOO_SHORT or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
        {
            return Validated<PhoneValue>.Fail($"That number looks short. Could you include the area code, like {example}?");
        }
        if (possible is PhoneNumberUtil.ValidationResult.TOO_LONG)
        {
            return Validated<PhoneValue>.Fail($"That number looks too long. Could you check it? For example, {example}.");
        }
        if (!Phones.IsValidNumber(number))
        {
            return Validated<PhoneValue>.Fail($"That doesn't look like a working phone number. Could you check it? For example, {example}.");
        }
        return Validated<PhoneValue>.Ok(new PhoneValue(
            Phones.Format(number, PhoneNumberFormat.E164),
            Phones.Format(number, PhoneNumberFormat.INTERNATIONAL)));
    }

    /// <summary>How an E.164 number is shown back to the visitor: +1 415-555-0132.</summary>
    public static string DisplayPhone(string e164)
    {
        try
        {
            return Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    public static string PhoneExample(string region)
    {
        if (region is "US" or "CA")
        {
            return "415 555 0132";
        }
        return Phones.GetExampleNumber(region) is { } example ? Phones.Format(example, PhoneNumberFormat.NATIONAL) : "+1 415 555 0132";
    }

    public static Validated<string> Email(string text)
    {
        var candidate = EmailLeadIn().Replace(text.Trim(), "").Trim().Trim('<', '>', '.', ',', ';', '!', '"', '\'', '(', ')');
        const string example = "jane@example.com";
        if (!candidate.Contains('@'))
        {
            return Validated<string>.Fail($"An email address needs an @ in it. Could you type it like {example}?");
        }
        if (candidate.Contains(' '))
        {
            return Validated<string>.Fail($"An email address has no spaces. Could you type it like {example}?");
        }
        var at = candidate.LastIndexOf('@');
        var domain = candidate[(at + 1)..];
        if (at == 0 || domain.Length == 0)
        {
            return Validated<string>.Fail($"That email looks incomplete. It needs a name before the @ and a domain after it, like {example}.");
        }
        if (!domain.Contains('.') || domain.EndsWith('.'))
        {
            return Validated<string>.Fail($"That email seems to be missing its ending, such as .com. Could you check it? For example, {example}.");
        }
        if (candidate.Length > 254 || candidate.Contains("..") || !EmailShape().IsMatch(candidate))
        {
            return Validated<string>.Fail($"That email doesn't look quite right. Could you check it? For example, {example}.");
        }
        // Domains are case-insensitive; the local part is kept as typed.
        return Validated<string>.Ok(candidate[..at] + "@" + domain.ToLowerInvariant());
    }

    public static Validated<ContactMethod> ContactMethodOf(string text, bool hasPhone, bool hasEmail)
    {
        var m = TextNormalizer.ForMatching(text);
        ContactMethod? method = m switch
        {
            _ when TextWords().IsMatch(m) => ContactMethod.Text,
            _ when EmailWords().IsMatch(m) => ContactMethod.Email,
            _ when CallWords().IsMatch(m) => ContactMethod.Call,
            _ => null,
        };
        return method switch
        {
            null => Validated<ContactMethod>.Fail(hasEmail && hasPhone
                ? "Could you choose call, text or email?"
                : "Could you choose call or text?"),
            ContactMethod.Email when !hasEmail => Validated<ContactMethod>.Fail(
                "I don't have an email address for you. You can type one here, or choose call or text."),
            ContactMethod.Call or ContactMethod.Text when !hasPhone => Validated<ContactMethod>.Fail(
                "I don't have a phone number for you. You can type one here, or choose email."),
            _ => Validated<ContactMethod>.Ok(method.Value),
        };
    }

    public static Validated<string> BestTime(string text)
    {
        var time = Spaces().Replace(text.Trim().Trim('.', '!'), " ");
        if (time.Length < 2 || !time.Any(char.IsLetterOrDigit))
        {
            return Validated<string>.Fail("Could you tell me a day or time that suits you, like weekday mornings or after 5pm?");
        }
        if (NotATime().IsMatch(TextNormalizer.ForMatching(time)))
        {
            return Validated<string>.Fail("Could you tell me a day or time that suits you, like weekday mornings or after 5pm?");
        }
        if (time.Length > 120)
        {
            return Validated<string>.Fail("Could you say that more briefly? A day or time is enough, like weekday mornings or after 5pm.");
        }
        return Validated<string>.Ok(char.ToUpperInvariant(time[0]) + time[1..]);
    }

    public static Validated<HelpReason> Reason(string text)
    {
        var m = TextNormalizer.ForMatching(text);
        // The first condition mentioned wins; the team will hear the rest on the call.
        var found = ReasonWords().Matches(m).Select(match => (HelpReason?)ReasonOf(match.Value)).FirstOrDefault(r => r is not null);
        return found is { } reason
            ? Validated<HelpReason>.Ok(reason)
            : Validated<HelpReason>.Fail("Could you pick one of the options? If it's something else, choose Other, or Prefer not to say.");
    }

    private static HelpReason? ReasonOf(string word) => word switch
    {
        _ when word.StartsWith("prefer", StringComparison.Ordinal) || word.StartsWith("rather", StringComparison.Ordinal)
            || word.StartsWith("private", StringComparison.Ordinal) || word is "skip" or "pass" => HelpReason.PreferNotToSay,
        _ when word.StartsWith("depress", StringComparison.Ordinal) || word is "trd" or "low mood" => HelpReason.Depression,
        _ when word.StartsWith("anxi", StringComparison.Ordinal) || word.StartsWith("panic", StringComparison.Ordinal) || word is "ocd" => HelpReason.Anxiety,
        _ when word is "ptsd" or "trauma" or "post traumatic" or "traumatic" => HelpReason.Ptsd,
        _ when word.Contains("pain", StringComparison.Ordinal) || word is "fibromyalgia" or "crps" or "migraine" or "migraines" or "neuropathy" => HelpReason.ChronicPain,
        _ when word is "other" or "something else" or "else" => HelpReason.Other,
        _ => null,
    };

    /// <summary>Yes, no, or neither; "I'm 34" answers the age question too.</summary>
    public static bool? YesNo(string text)
    {
        var m = TextNormalizer.ForMatching(text);
        if (Unsure().IsMatch(m))
        {
            return null;
        }
        if (No().IsMatch(m))
        {
            return false;
        }
        if (Yes().IsMatch(m))
        {
            return true;
        }
        return null;
    }

    public static Validated<bool> Adult(string text)
    {
        var m = TextNormalizer.ForMatching(text);
        if (Under18().IsMatch(m))
        {
            return Validated<bool>.Ok(false);
        }
        if (Over18().IsMatch(m))
        {
            return Validated<bool>.Ok(true);
        }
        var age = Age().Match(m);
        if (age.Success && int.TryParse(age.Groups[1].Value, CultureInfo.InvariantCulture, out var years) && years is > 0 and < 120)
        {
            return Validated<bool>.Ok(years >= 18);
        }
        return YesNo(text) is { } yes
            ? Validated<bool>.Ok(yes)
            : Validated<bool>.Fail("Could you answer yes or no: are you 18 or older?");
    }

    public static Validated<bool> Consent(string text) =>
        YesNo(text) is { } yes
            ? Validated<bool>.Ok(yes)
            : Validated<bool>.Fail("Could you answer yes or no: may the clinic's team contact you about this request?");

    /// <summary>"skip", "no", "I'd rather not": the visitor does not want to give this detail.</summary>
    public static bool IsSkip(string text) => Skip().IsMatch(TextNormalizer.ForMatching(text));

    private static string TitleCase(string name) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant());

    [GeneratedRegex(@"^(hi|hello|hey)?[\s,]*((my\s+)?(full\s+)?name\s*(is|'s|:)|i\s*'?\s*m|i\s+am|it\s*'?\s*s|this\s+is|call\s+me)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex NameLeadIn();

    [GeneratedRegex(@"^[\p{L}][\p{L}\p{M}'’.\- ]*$")]
    private static partial Regex NameChars();

    [GeneratedRegex(@"^((it\s*'?s|my\s+(cell\s+|mobile\s+|phone\s+)?(number|phone|cell|mobile)(\s+number)?(\s+is|:)?|(you\s+can\s+)?(reach|call|text)\s+me\s+(at|on)|number\s*(is|:)?|phone\s*(is|:)?)\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneLeadIn();

    [GeneratedRegex(@"^((it\s*'?s|my\s+email(\s+address)?(\s+is|:)?|email(\s+address)?\s*(is|:)?|(you\s+can\s+)?(reach|email)\s+me\s+at)\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex EmailLeadIn();

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"\b(texts?|texting|sms|message|messages)\b")]
    private static partial Regex TextWords();

    [GeneratedRegex(@"\b(e\s*mail|emails|mail)\b")]
    private static partial Regex EmailWords();

    [GeneratedRegex(@"\b(call|calls|phone|ring|calling)\b")]
    private static partial Regex CallWords();

    [GeneratedRegex(@"\b(prefer(red)?\s+not(\s+to\s+say)?|rather\s+not(\s+say)?|private|skip|pass|depress\w*|trd|low\s+mood|anxi\w*|panic\w*|ocd|ptsd|post\s+traumatic|trauma\w*|\w*pain\w*|fibromyalgia|crps|migraines?|neuropathy|other|something\s+else)\b")]
    private static partial Regex ReasonWords();

    [GeneratedRegex(@"^((yes|yeah|yea|yep|yup|y|sure|ok|okay|of\s+course|definitely|absolutely|correct|that\s+s\s+right|right|i\s+am|i\s+do|i\s+agree|agreed|i\s+consent|please\s+do|go\s+ahead|fine|certainly|affirmative)\b.*|.*\b(you\s+can\s+contact\s+me|contact\s+me)\b.*)$")]
    private static partial Regex Yes();

    [GeneratedRegex(@"^(no|nope|nah|n|not\s+really|i\s+am\s+not|im\s+not|i\s+dont(\s+agree|\s+consent)?|dont|do\s+not|i\s+do\s+not|disagree|no\s+thanks|no\s+thank\s+you|negative|not\s+yet)\b")]
    private static partial Regex No();

    [GeneratedRegex(@"\b(not\s+sure|unsure|dont\s+know|maybe|what|why)\b")]
    private static partial Regex Unsure();

    [GeneratedRegex(@"^(?:im\s+|i\s+am\s+|age\s+|aged\s+)?(\d{1,3})(?:\s*(?:years?\s+old|yrs?|yo))?$")]
    private static partial Regex Age();

    [GeneratedRegex(@"\b(over|above|older\s+than)\s+(18|eighteen)\b|\b(18|eighteen)\s+or\s+(older|over|above)\b|\badult\b")]
    private static partial Regex Over18();

    [GeneratedRegex(@"\b(under|below|younger\s+than)\s+(18|eighteen)\b|\bminor\b|\bteen(ager)?\b")]
    private static partial Regex Under18();

    [GeneratedRegex(@"^(skip|skip\s+(it|this|that)|no|nope|none|n\s*a|no\s+thanks|no\s+phone|no\s+email|i\s+dont\s+have\s+(one|a\s+phone|an\s+email|email)|dont\s+have\s+(one|email|a\s+phone)|(id\s+|i\s+would\s+)?(rather|prefer)\s+not(\s+to)?(\s+say|\s+give\s+(it|one))?|(email|phone)\s+only|just\s+(email|phone|my\s+email|my\s+phone|the\s+email|the\s+phone)|not\s+now|pass)$")]
    private static partial Regex Skip();

    [GeneratedRegex(@"^(yes|no|ok|okay|sure|skip|call|text|email|e\s*mail|phone|idk|dunno|not\s+sure|i\s+dont\s+know|whatever|nothing|none|n\s*a)$")]
    private static partial Regex NotATime();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
