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

    [GeneratedRegex(@"\b(book|schedule|get|request|set\s+up|arrange|start|sign\s+up\s+for|want|like)\s+(a|an|the|my|me)?\s*(free\s+)?(assessment|consult|consultation|evaluation|screening\s+call|appointment)\b|^(book|free)\s+(a\s+)?(free\s+)?assessment|\b(call|ring)\s+me(\s+back)?\b|\b(someone|somebody|anyone|you)\s+(to\s+)?(call|contact|reach\s+out\s+to|phone|text)\s+me\b|\bcall\s*back\b|\bhow\s+(do|can)\s+i\s+(sign\s+up|get\s+started|start|book|enroll|apply|register)\b|\b(i\s+want\s+to|id\s+like\s+to|i\s+would\s+like\s+to|ready\s+to|lets)\s+(get\s+started|sign\s+up|start\s+treatment|book|enroll|begin)\b|^(sign\s+me\s+up|get\s+started|sign\s+up|book\s+now|book\s+it)$")]
    private static partial Regex Assessment();
}
