using System.Text.RegularExpressions;

namespace Bot.Conversation;

public enum Intent { None, Greeting, Thanks, Goodbye, Capabilities, AreYouABot, Human, Assessment, SomethingElse }

/// <summary>
/// Recognises the conversational moves that are not knowledge questions. Whole-message patterns
/// on short texts, so "hi, does it hurt?" is still treated as a question (the greeting is stripped).
/// Input: <see cref="TextNormalizer.ForMatching"/> text.
/// </summary>
public static partial class SmallTalk
{
    public static (Intent Kind, string Remainder) Classify(string m)
    {
        if (Assessment().IsMatch(m))
        {
            return (Intent.Assessment, "");
        }
        if (Bot().IsMatch(m))
        {
            return (Intent.AreYouABot, "");
        }
        if (Human().IsMatch(m))
        {
            return (Intent.Human, "");
        }
        if (Capabilities().IsMatch(m))
        {
            return (Intent.Capabilities, "");
        }
        if (m is "something else" or "none of these" or "none of those" or "neither" or "no" or "nope")
        {
            return (Intent.SomethingElse, "");
        }
        if (Thanks().IsMatch(m))
        {
            return (Intent.Thanks, "");
        }
        if (Goodbye().IsMatch(m))
        {
            return (Intent.Goodbye, "");
        }
        var greeting = Greeting().Match(m);
        if (greeting.Success)
        {
            var rest = m[greeting.Length..].Trim();
            return rest.Length == 0 ? (Intent.Greeting, "") : (Intent.None, rest);
        }
        return (Intent.None, m);
    }

    [GeneratedRegex(@"^((hi|hello|hey|heya|hiya|howdy|yo|hola|greetings|good\s+(morning|afternoon|evening|day))(\s+(there|bot|again|everyone|all))?(\s+(how\s+are\s+(you|u)|hows\s+it\s+going|whats\s+up))?)\b\s*")]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^((ok(ay)?|great|cool|perfect|awesome|got\s+it|alright)\s+)?(thanks?(\s+(you|so\s+much|a\s+lot|a\s+bunch))*|thank\s+(you|u)(\s+(so|very)\s+much)?|thx|ty|tysm|cheers|much\s+appreciated|appreciate\s+(it|that|you)|that\s+(helps|helped|was\s+helpful))(\s+\w+){0,3}$")]
    private static partial Regex Thanks();

    [GeneratedRegex(@"^((ok(ay)?|thanks?)\s+)?(bye|goodbye|good\s+bye|see\s+(you|ya)|cya|later|gotta\s+go|thats\s+all|that\s+is\s+all|im\s+done|good\s+night|have\s+a\s+(good|nice)\s+(day|one|night))(\s+\w+){0,3}$")]
    private static partial Regex Goodbye();

    [GeneratedRegex(@"^(help|menu|start|options|what\s+can\s+(you|u|i)\s+(do|ask|help\s+(me\s+)?with)(\s+\w+){0,3}|what\s+do\s+you\s+(know|do)(\s+about)?|how\s+does\s+this\s+(work|chat\s+work)|what\s+(are|is)\s+(you|this)(\s+for)?|what\s+can\s+i\s+ask(\s+you)?|who\s+are\s+you|what\s+questions\s+can\s+i\s+ask)$")]
    private static partial Regex Capabilities();

    [GeneratedRegex(@"\b(are|r)\s+(you|u)\s+(a\s+|an\s+)?(real|human|bot|robot|ai|person|machine|computer|chat\s*bot|automated|live|actual\s+person|real\s+person)\b|\b(am\s+i|is\s+this|im)\s+(talking|chatting|speaking)\s+(to|with)\s+(a\s+|an\s+)?(real|human|bot|robot|ai|person|machine|computer)\b|^is\s+this\s+(a\s+)?(bot|robot|ai|real\s+person|human|automated)\b|^(are|r)\s+(you|u)\s+real$")]
    private static partial Regex Bot();

    [GeneratedRegex(@"\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+)?(real\s+)?(human|person|someone|somebody|staff|nurse|doctor|agent|representative|people)\b|^(human|agent|operator|representative|real\s+person)( please)?$")]
    private static partial Regex Human();

    // Asking to be booked in, in its many forms: a verb of booking with an appointment word, "put me down", "get me
    // in", "contact me", "ready to start", "where do I sign up", "speak to someone from the clinic".
    [GeneratedRegex("""
        \b(book|schedule|get|request|set\s+up|arrange|start|sign\s+up\s+for|want|like|need|reserve|make|grab|hook\s+me\s+up\s+(with|w)|put\s+me\s+down\s+for|sign\s+me\s+up\s+for)(\s+(a|an|the|my|me|one|in|us))*\s+(free\s+)?(assessment|assesment|consult|consultation|evaluation|eval|screening(\s+call)?|appointment|appt|apt|app\w*nt\w*|spot|slot|session)\b
        | ^(book|free)\s+(a\s+)?(free\s+)?assessment | \b(call|ring)\s+me(\s+back)?\b | \bcall\s*back\b
        | \b(someone|somebody|anyone|you|a\s+doctor|a\s+nurse|a\s+clinician|staff|the\s+clinic|your\s+team)\s+(to\s+)?(call|contact|email|reach\s+out\s+to|phone|text|get\s+in\s+touch\s+with)\s+me\b
        | \bhave\s+(someone|somebody|a\s+doctor|a\s+nurse|a\s+clinician|staff|the\s+clinic|your\s+team|a\s+person)\s+(call|contact|email|reach\s+out|get\s+in\s+touch)
        | \b(please|pls|plz)\s+(contact|call|email|text)\s+me\b | \b(contact|reach)\s+me\s+(by|via|at|on)\b | \b(like|want|prefer)\s+to\s+be\s+contacted\b
        | \b(put|sign|pencil|count)\s+me\s+(down|up|in)\b | \b(get|fit|squeeze)\s+me\s+in\b
        | \bhow\s+(do|can)\s+i\s+(sign\s+up|get\s+started|start|book|enroll|apply|register|get\s+an?\s+(appointment|assessment|consult\w*))\b
        | \bwhere\s+(do|can)\s+i\s+(sign\s+up|book|register|apply|enroll)\b
        | \b((i\s+)?want\s+to|i\s+wanna|id\s+like\s+to|i\s+would\s+like\s+to|ready\s+to|lets)\s+(get\s+started|sign\s+up|start\s+treatment|book|enroll|begin|schedule)\b
        | \b(im|i\s+am)\s+ready\s+to\s+(start|begin|go|do\s+this|try\s+it)\b
        | \b(speak|talk)\s+(to|with)\s+(someone|somebody|a\s+person|staff)\s+(from|at)\s+(the|your)\s+clinic\b
        | \bim\s+interested\b.*\b(contact|call|email|reach)\b
        | ^(sign\s+me\s+up|get\s+started|sign\s+up|book\s+now|book\s+it|book\s+me\s+in)$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Assessment();

    /// <summary>
    /// Wording that asks for something ("I want", "how do I get", "sign me up"): when what it asks about is the free
    /// assessment itself, the visitor is asking to be booked in, not for a description.
    /// </summary>
    public static bool AsksForSomething(string m) => Request().IsMatch(m) && !Hesitant().IsMatch(m);

    [GeneratedRegex(@"\b(not\s+sure|dont\s+want|do\s+not\s+want|whether|before\s+i|not\s+ready|on\s+the\s+fence)\b")]
    private static partial Regex Hesitant();

    [GeneratedRegex(@"\b(want|wanna|would\s+like|id\s+like|need|book|booking|sign|schedule|set\s+up|arrange|reserve|ready|interested|please|pls|lets|let\s+me|(can|could|may)\s+i\s+(get|book|have|schedule|sign|do|start|set)|how\s+(do|can)\s+i\s+(get|book|do|start|set|go\s+about|arrange|sign)|where\s+(do|can)\s+i)\b")]
    private static partial Regex Request();

    /// <summary>A yes to the free assessment the bot has just offered ("let's do it", "sure, set it up").</summary>
    public static bool IsYes(string m) => Yes().IsMatch(m);

    // A bare "ok" acknowledges more often than it agrees, so it counts only beside another yes.
    [GeneratedRegex("""
        ^((ok|okay|k|alright|cool|perfect|great|awesome|sure|yes|yeah|yea|yep|yup|ya|absolutely|definitely|please|pls|then|thanks|thank\s+you)\s+)*
        (yes|yeah|yea|yep|yup|ya|sure|please|absolutely|definitely|lets\s+do\s+(it|that|this)|go\s+ahead|do\s+(it|that)|set\s+(it|that|me)\s+up|sign\s+me\s+up|book\s+(it|me)|count\s+me\s+in|im\s+in|why\s+not|i\s+would|id\s+like\s+that|sounds\s+good|that\s+sounds\s+good|yes\s+please|i\s+want\s+(it|that|one)|lets\s+go)
        (\s+(please|pls|then|thanks|thank\s+you|yes|sure|ok|okay|alright|cool|do\s+(it|that)|sign\s+me\s+up|set\s+it\s+up|lets\s+do\s+it|go\s+ahead|book\s+it))*$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Yes();
}
