using System.Text.RegularExpressions;

namespace Bot.Conversation.Safety;

/// <summary>
/// Spots messages that suggest a risk of suicide or self-harm. It runs before everything else on every
/// turn, so it leans towards caution; figures of speech ("dying to know", "my back is killing me") and
/// questions about ketamine itself ("can ketamine kill you") are excluded on purpose.
/// Input: <see cref="TextNormalizer.ForMatching"/> text.
/// </summary>
public static partial class CrisisDetector
{
    public static bool IsCrisis(string matchText) =>
        matchText.Length > 0
        && (SelfHarm.IsMatch(matchText) || Hopelessness.IsMatch(matchText) || WantToDie().IsMatch(matchText))
        && !InformationalOnly().IsMatch(matchText);

    // Self-directed wording only: "kill myself", not "kill"; "want to die", not "dying to".
    //
    // These two lists run on the non-backtracking engine: one pass over the text, whatever its length. As one
    // backtracking alternation (every branch tried at every word) the same wording cost 25 µs per message of the
    // labelled set, the largest part of a turn's own CPU, and 0.6 ms for a 2,000-character message; here 0.7 µs
    // and 10 µs, for about 4 MB of automaton each. The engine caps an automaton at 10,000 nodes, which the whole
    // list exceeds, hence two lists. It has no lookahead, so the one branch that needs one ("want to die", not
    // "want to dye my hair") is a generated regex of its own.
    private const RegexOptions Linear = RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // Suicide and self-harm named, planned, attempted or prepared for.
    private static readonly Regex SelfHarm = new("""
        \b(
          su[ie]?[cs][ie]?d[ae]?l?\w*                               # suicide, suicidal, sucide, suiside
        | kill(ing)?\s+(my\s*self|me\s+self|myslef|myself)
        | k+i+l+\s+(my\s*self|myself|myslef)                       # kil myself
        | \bkms\b | \bkys\b | unalive
        | (end|ending|take|taking)\s+my\s+(own\s+)?life
        | (hurt|harm|cut|cutting|burn|burning|hurting|harming)\s+(my\s*self|myself)\b
        | (burned|burnt|cut|cutting|hurt|hurting|harmed)\s+my\s*self
        | self\s*(harm|harming|injur\w*)
        | (cut|cutting)\s+(my\s+)?(wrist|arm|leg)s?
        | (burn|burned|burnt|burning|scratch|scratching|hit|hitting|starve|starving|punish|punishing)\s+(my\s*self|myself|my\s+(arms?|legs?|wrists?|skin))\b.*\b(bleed|blood|again|until|myself|lighter|knife|blade)?
        | until\s+(they|it|i)\s+bleeds?
        | overdos\w*\s+on\s+purpose | (want|going|gonna|plan)\s+(to\s+)?overdose
        | (saved|saving|stockpil\w*|hoard\w*)\s+(up\s+)?(my\s+|some\s+|a\s+lot\s+of\s+)?(pills|tablets|meds)
        | (pills|tablets|meds)\s+(saved|stockpiled|hoarded) | enough\s+(pills|tablets|meds)\s+to
        | (took|swallowed|taken|take)\s+(a\s+bunch\s+of|all\s+(of\s+)?(my|the)|enough|too\s+many|a\s+lot\s+of|a\s+handful\s+of)\s+(my\s+)?(pills|tablets|meds)
        | (hang|hanging)\s+my\s*self | jump\s+(off|in\s+front\s+of)\s+(a|the)\s+(bridge|building|roof|train)
        | jump\s+(off|from|in\s+front\s+of)\s+(my|a|the|this|that)\s+(balcony|bridge|building|roof|cliff|ledge|train|car|window|tower)
        | (on|at)\s+(the|a)\s+(bridge|ledge|roof|edge)\s+(right\s+)?now
        | (bought|got|have|found|tied)\s+(a\s+)?(rope|noose) | \bnoose\b
        | (gun|knife|blade|rope|razor)\b.*\b(on|to)\s+my\s*self | using\s+it\s+on\s+my\s*self
        | \bi\s+(tried|attempted|want|wanna|plan|planned|am\s+going|m\s+going|gonna|keep\s+thinking\s+about|thought\s+about|thinking\s+about|been\s+thinking\s+about)\s+(to\s+|about\s+)?(overdos\w*|od\b|suicide|killing|ending|end\s+it)
        | attempted\s+(suicide|to\s+end)
        | (goodbye|farewell|suicide)\s+(letter|note)s? | (letters?|notes?)\s+to\s+(say\s+)?goodbye
        | giving\s+away\s+(all\s+)?(my|of\s+my)\s+(stuff|things|belongings|stuff)
        | (wont|will\s+not)\s+(need|be\s+needing)\s+(it|them|anything)\s+(soon|anymore|much\s+longer)
        )
        """, Linear);

    // Wanting to die or not to live, no way out, a burden, the end.
    private static readonly Regex Hopelessness = new("""
        \b(
          (end|ending)\s+it\s+all
        | end\s+it(\s+(all|now|tonight|today))?\s*$
        | end\s+(things|everything|my\s+suffering|it\s+for\s+good|the\s+pain\s+for\s+good)
        | (want|wanna|ready|plan(ning)?)\s+(to\s+)?(die|be\s+dead|end\s+it|disappear\s+forever)
        | (wanna|want\s+to)\s+(die|disappear)
        | (wish|wishing)\s+(i\s+)?(was|were|could\s+be|would)\s+(dead|die|gone)
        | (better\s+off|happier)\s+(dead|without\s+me)
        | better\s+off\s+without\s+me | (world|everyone|everybody|family)\s+(would\s+be\s+)?better\s+off\s+without
        | (dont|do\s+not|dont\s+really)\s+want\s+to\s+(live|be\s+alive|exist|be\s+here\s+anymore|wake\s+up)
        | (dont|do\s+not)\s+want\s+to\s+(be\s+)?(here|alive|living)\s*(anymore)?$
        | no\s+(reason|point)\s+(to|in)\s+(live|living|going\s+on|being\s+alive|be\s+alive)
        | (life|living)\s+(is\s+)?(not|isnt)\s+worth\s+(it|living)
        | not\s+worth\s+living
        | nobody\s+(would|will)\s+(miss|care\s+if)\s+me | no\s+one\s+(would|will)\s+(miss|care\s+if)\s+me
        | (cant|can\s+not|cannot)\s+(go\s+on|keep\s+going)(\s+(like\s+this|anymore|any\s+longer|living))?\s*$
        | (cant|can\s+not|cannot)\s+(go\s+on|keep\s+going)\s+(like\s+this|anymore|any\s+longer|living)
        | (cant|can\s+not|cannot)\s+(do\s+this|take\s+it)\s+anymore
        | (cant|cannot|can\s+not)\s+(do|take|handle)\s+(this|it|life)\s+anymore
        | (goodbye|bye)\s+(forever|cruel\s+world)
        | (thinking|thought|thoughts)\s+(about|of)\s+(dying|death|ending\s+it|not\s+being\s+here)
        | (dont|do\s+not)\s+see\s+(the\s+|a\s+)?point\s+(in\s+|of\s+)?(living|life|going\s+on|anymore)
        | (what|whats|wheres)\s+(is\s+)?the\s+point\s+(of|in)\s+(going\s+on|living|life|carrying\s+on|being\s+here|anything)
        | point\s+(of|in)\s+(going\s+on|living|carrying\s+on)
        | (never|not|dont)\s+(wake|waking)\s+up | sleep\s+(forever|and\s+never)
        | (done|finished|tired|sick|exhausted)\s+(with|of)\s+(life|living|being\s+alive|existing)
        | no\s+(way\s+out|escape)\b.*\b(dying|death|die|end)
        | burden\s+to\s+(everyone|everybody|my\s+family|them|the\s+people)
        | go\s+for\s+good | gone\s+for\s+good
        | (if|when)\s+i\s+(just\s+)?(wasnt|werent|was\s+not|were\s+not)\s+(here|around|alive)
        | (if|whether)\s+i\s+live\s+or\s+die
        )
        """, Linear);

    // Typed loosely ("wnat to die"), but not "want to dye my hair".
    [GeneratedRegex("""
        \b(w[an]{2}t|wnat|wana|wanna|wamt)\s+(to\s+)?(die|dye|dy)\b(?!\s+(my|your|her|his|the)\s+hair)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex WantToDie();

    // General questions that mention the words but are about ketamine or other people, not the visitor.
    [GeneratedRegex("""
        ^(can|could|does|do|is|has|have|will|would)\s+(ketamine|it|an?\s+infusion|the\s+infusion|ketamine\s+infusions?)\s+
          (kill|cause|lead\s+to|make\s+(people|you))\b(?!.*\b(i|im|me|my)\b)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex InformationalOnly();
}
