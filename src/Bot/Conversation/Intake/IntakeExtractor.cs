using System.Text.RegularExpressions;

namespace Bot.Conversation.Intake;

/// <summary>A piece of one message that answers a given detail ("415 555 0132" → phone).</summary>
public sealed record SlotCandidate(SlotId Slot, string Text);

/// <param name="Candidates">Details stated explicitly (an email, a phone number, "my name is …"), wherever the form is.</param>
/// <param name="EditRequest">"change my email" without the new value: ask that detail next.</param>
/// <param name="Remainder">What is left once the explicit details are taken out: the answer to the question asked.</param>
public sealed record Extraction(IReadOnlyList<SlotCandidate> Candidates, SlotId? EditRequest, string Remainder);

/// <summary>
/// Reads one visitor message for the form: several details at once, corrections at any point,
/// and the commands and questions that are not answers. Pure: text in, findings out.
/// </summary>
public static partial class IntakeExtractor
{
    public static Extraction Extract(string text)
    {
        var candidates = new List<SlotCandidate>();
        var rest = text;

        rest = Take(rest, Email(), m => candidates.Add(new SlotCandidate(SlotId.Email, m.Value)));
        rest = Take(rest, PhoneLike(), m =>
        {
            if (m.Value.Count(char.IsDigit) >= 7)
            {
                candidates.Add(new SlotCandidate(SlotId.Phone, m.Value));
                return true;
            }
            return false;
        });
        rest = Take(rest, ExplicitName(), m => candidates.Add(new SlotCandidate(SlotId.Name, m.Groups["name"].Value)));
        rest = Take(rest, ExplicitContact(), m =>
            candidates.Add(new SlotCandidate(SlotId.PreferredContact, m.Groups["method"].Value)));

        var edit = EditOf(TextNormalizer.ForMatching(text));
        // "change my name to Dana Smith": the new value comes with the request.
        if (edit is { } slot && candidates.All(c => c.Slot != slot) && EditValue().Match(rest) is { Success: true } value)
        {
            candidates.Add(new SlotCandidate(slot, value.Groups["value"].Value));
            rest = rest[..value.Index];
        }
        if (candidates.Count > 0)
        {
            rest = Tidy(rest);
        }
        return new Extraction(candidates, candidates.Any(c => c.Slot == edit) ? null : edit, rest.Trim());
    }

    public static bool IsCancel(string matchText) => Cancel().IsMatch(matchText);

    public static bool IsStartOver(string matchText) => StartOver().IsMatch(matchText);

    public static bool IsContinue(string matchText) => Continue().IsMatch(matchText);

    public static bool IsConfirm(string matchText) => Confirm().IsMatch(matchText);

    /// <summary>Only the words of the confirm button itself: what a double click or a retried post repeats.</summary>
    public static bool IsResend(string matchText) => matchText is "confirm and send" or "confirm" or "confirmed" or "send" or "send it" or "submit";

    public static bool IsEdit(string matchText) => Edit().IsMatch(matchText);

    /// <summary>Starts like a question ("wait, does it hurt", "how long is it"): answered, not taken as a detail.</summary>
    public static bool StartsLikeQuestion(string matchText) => Question().IsMatch(matchText);

    /// <summary>"Why do you need this?", "is this private?": about the form itself, not the treatment.</summary>
    public static bool AsksWhy(string matchText) => WhyAsk().IsMatch(matchText);

    /// <summary>The question itself, without "wait," or "sorry, quick question:" in front.</summary>
    public static string QuestionText(string text) => QuestionLeadIn().Replace(text, "").Trim();

    /// <summary>Which detail a word names ("phone", "the email", "best time"), for "edit" and the edit buttons.</summary>
    public static SlotId? SlotNamed(string matchText)
    {
        var m = Regex.Replace(matchText, @"^(change|edit|update|fix|the|my|your|\s)+", "").Trim();
        return m switch
        {
            _ when SlotWords.Name().IsMatch(m) => SlotId.Name,
            _ when SlotWords.Email().IsMatch(m) => SlotId.Email,
            _ when SlotWords.Contact().IsMatch(m) => SlotId.PreferredContact,
            _ when SlotWords.Phone().IsMatch(m) => SlotId.Phone,
            _ when SlotWords.Time().IsMatch(m) => SlotId.BestTime,
            _ when SlotWords.Reason().IsMatch(m) => SlotId.Reason,
            _ => null,
        };
    }

    private static SlotId? EditOf(string matchText)
    {
        var request = EditRequest().Match(matchText);
        return request.Success ? SlotNamed(request.Groups["what"].Value) : null;
    }

    private static string Take(string text, Regex pattern, Func<Match, bool> take)
    {
        // Right to left so earlier spans keep their positions.
        foreach (var m in pattern.Matches(text).Reverse())
        {
            if (take(m))
            {
                text = text.Remove(m.Index, m.Length).Insert(m.Index, ", ");
            }
        }
        return text;
    }

    private static string Take(string text, Regex pattern, Action<Match> take) =>
        Take(text, pattern, m =>
        {
            take(m);
            return true;
        });

    /// <summary>Drops the glue around taken details ("and my number is", "email:"), keeping the visitor's other words.</summary>
    private static string Tidy(string rest)
    {
        var parts = rest.Split([',', ';', '\n'], StringSplitOptions.TrimEntries)
            .Select(p =>
            {
                string before;
                do
                {
                    before = p;
                    p = Glue().Replace(p, "").Trim().Trim('.', '!', ':', '-', '(', ')').Trim();
                }
                while (p != before);
                return p;
            })
            .Where(p => p.Any(char.IsLetterOrDigit));
        return string.Join(", ", parts);
    }

    [GeneratedRegex(@"[^\s@,;:<>()""']+@[^\s@,;:<>()""']*[^\s@,;:<>()""'.!?]")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w@])\+?\(?\d[\d\s().\-]{5,}\d(?![\w@])")]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"\b(?:my\s+(?:full\s+)?name\s+is|my\s+name's|name\s*:)\s+(?!(?:wrong|incorrect|not|misspelled|spelled)\b)(?<name>\p{L}[\p{L}'’.\-]*(?:\s+(?!and\b|my\b|or\b|but\b)\p{L}[\p{L}'’.\-]*){0,3})", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitName();

    [GeneratedRegex(@"\b(?:i(?:\s+would|'d|d)?\s+prefer|prefer|i'?d\s+rather|rather|best\s+(?:way\s+)?(?:is|to)|please)\s+(?:a\s+|an\s+|by\s+|via\s+|to\s+)?(?<method>phone\s+call|call|text|texts|sms|email|e-mail)\b|\b(?<method>text|call|email)\s+me\s+instead\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitContact();

    [GeneratedRegex(@"^((and|also|plus|or|at|on|actually|oh|oops|sorry|so|is|it's|its|here|here's)\b\s*)+|\s*\b((and|also|or|at|on|is|plus)|(and\s+)?(my\s+)?(cell\s+|mobile\s+|phone\s+|home\s+|work\s+)?(number|phone|cell|mobile|email|e-mail)(\s+address)?(\s+is)?|(you\s+can\s+)?(reach|call|text|email)\s+me(\s+at|\s+on)?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Glue();

    [GeneratedRegex(@"\b(change|update|edit|fix|correct|redo|wrong|mistake\s+in)\s+(?<what>(my\s+|the\s+)?(full\s+)?(name|phone(\s+number)?|number|cell|email(\s+address)?|e\s+mail|contact(\s+method)?|preferred\s+contact(\s+method)?|best\s+time|time|reason))\b|\b(?<what>(my\s+)?(name|phone(\s+number)?|number|email(\s+address)?|e\s+mail))\s+(is\s+)?(wrong|incorrect|not\s+right|has\s+a\s+typo)\b|\bwrong\s+(?<what>name|number|email)\b")]
    private static partial Regex EditRequest();

    [GeneratedRegex(@"\b(change|update|edit|fix|correct|set)\b.*?\s(to|should\s+be|is\s+now)\s+(?<value>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex EditValue();

    [GeneratedRegex(@"^(please\s+)?(oh\s+|actually\s+|no\s+)?(cancel|stop|never\s*mind|nevermind|nvm|forget\s+(it|about\s+it|this|that)|quit|abort|exit|i\s+changed\s+my\s+mind|i\s+dont\s+want\s+to\s+(do\s+this|continue|go\s+on|do\s+it))(\s+(cancel|stop|never\s*mind|nevermind|forget\s+it|it|this|that|please|the\s+form|the\s+request|my\s+request|everything|all\s+of\s+it|now|thanks|thank\s+you|then))*$")]
    private static partial Regex Cancel();

    [GeneratedRegex(@"^(start\s+(over|again|fresh|a\s+new\s+one)|restart|begin\s+again|new\s+request|from\s+the\s+(start|beginning))(\s+please)?$")]
    private static partial Regex StartOver();

    [GeneratedRegex(@"^(continue|resume|carry\s+on|keep\s+going|go\s+on|pick\s+up\s+where\s+(i|we)\s+left\s+off|yes|yeah|yep|sure|ok|okay)(\s+please)?$")]
    private static partial Regex Continue();

    [GeneratedRegex(@"^(confirm(\s+and\s+send)?|confirmed|send|send\s+(it|this|that)|submit|yes|yeah|yep|y|sure|ok|okay|correct|thats\s+(right|correct|all\s+correct)|looks\s+(good|right|correct|fine|great)|all\s+good|go\s+ahead|yes\s+send\s+it|yes\s+thats\s+right)(\s+(please|thanks|thank\s+you|it))*$")]
    private static partial Regex Confirm();

    [GeneratedRegex(@"^(edit|edit\s+something|change|change\s+something|no|nope|not\s+quite|make\s+a\s+change|i\s+need\s+to\s+change\s+something|something\s+is\s+wrong)$")]
    private static partial Regex Edit();

    // Auxiliary verbs count only before a pronoun or a subject, so "Will Smith" stays a name.
    [GeneratedRegex(@"^((wait|hold\s+on|hang\s+on|sorry|um|oh|actually|quick\s+question|one\s+question|question|also|before\s+(that|i\s+do)|but)\s+)*((what|whats|how|hows|why|where|who|which|tell\s+me)\s+(?!about\b)\w+|(does|do|did|is|isnt|are|arent|can|could|will|would|should|am|was|were|has|have|may)\s+(it|you|i|this|that|the|they|we|there|he|she|my|a|an|ketamine|treatment|insurance|someone|anyone|your|infusions?)\b)")]
    private static partial Regex Question();

    [GeneratedRegex(@"^((wait|hold\s+on|hang\s+on|sorry|um|oh|actually|quick\s+question|one\s+question|question|also|but)[\s,.:!-]+)+", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionLeadIn();

    [GeneratedRegex(@"\b(why\s+(do|would|does)\s+(you|the\s+clinic|they)\s+(need|want|ask\s+for|ask)|why\s+(are\s+you\s+|r\s+u\s+)?ask(ing)?|whats\s+(this|that|it)\s+for|what\s+(is\s+)?(this|that|it)\s+for|who\s+(sees|will\s+see|can\s+see|gets|reads)|(is|will)\s+(this|it|that|my\s+\w+(\s+\w+)?)\s+(be\s+)?(private|confidential|safe|secure|shared|kept|stored)|what\s+(do|will)\s+you\s+do\s+with|do\s+i\s+have\s+to\s+(say|answer|tell|give))\b")]
    private static partial Regex WhyAsk();

    private static partial class SlotWords
    {
        [GeneratedRegex(@"^(full\s+)?name\b")]
        public static partial Regex Name();

        [GeneratedRegex(@"^(e\s*mail|email\s+address)\b")]
        public static partial Regex Email();

        [GeneratedRegex(@"^(contact(\s+method)?|preferred\s+contact|method|how\s+(to|you)\s+contact|call\s+or\s+text)\b")]
        public static partial Regex Contact();

        [GeneratedRegex(@"^(phone|number|phone\s+number|cell|mobile)\b")]
        public static partial Regex Phone();

        [GeneratedRegex(@"^(best\s+time|time|when)\b")]
        public static partial Regex Time();

        [GeneratedRegex(@"^(reason|what\s+i\s+need\s+help\s+with|help\s+with|condition)\b")]
        public static partial Regex Reason();
    }
}
