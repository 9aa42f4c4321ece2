using System.Text.RegularExpressions;

namespace Bot.Conversation.Safety;

/// <summary>
/// The pattern layer of crisis detection (<see cref="CrisisDetector"/>): wording that names suicide or self-harm,
/// plans and means, hopelessness; someone else at risk; questions about ketamine and suicidal thoughts; distress.
/// It leans towards caution; figures of speech ("dying to know", "my back is killing me") and questions about
/// ketamine itself ("can ketamine kill you") are excluded on purpose.
/// Input: <see cref="TextNormalizer.ForMatching"/> text.
/// </summary>
public static partial class CrisisPatterns
{
    public static bool IsCrisis(string matchText) =>
        matchText.Length > 0
        && (SelfHarm.IsMatch(matchText) || Hopelessness.IsMatch(matchText) || NotAround.IsMatch(matchText) || MeansAndDeadlines.IsMatch(matchText)
            || MeansAndPills.IsMatch(matchText) || InSpanish().IsMatch(matchText)
            || WantToDie().IsMatch(matchText))
        && !InformationalOnly().IsMatch(matchText);

    /// <summary>
    /// The word "suicide" is the only thing that flagged it, and the message asks about ketamine, research or
    /// numbers rather than saying anything about the visitor ("can ketamine help suicidal thoughts").
    /// </summary>
    public static bool IsQuestionAboutSuicide(string matchText) =>
        SuicideWord().IsMatch(matchText)
        && (AboutTreatment().IsMatch(matchText) || AboutResearch().IsMatch(matchText))
        && !OwnRisk().IsMatch(matchText)
        && !IsCrisis(SuicideWord().Replace(matchText, " "));

    /// <summary>A treatment question: the reply answers it with the resources beside it, not as an alarm.</summary>
    public static bool IsAboutTreatment(string matchText) => AboutTreatment().IsMatch(matchText);

    /// <summary>Past and over ("I self-harmed in college, I've been stable for years"), with nothing said about now.</summary>
    public static bool IsClearlyResolved(string matchText) => Resolved().IsMatch(matchText) && Recovered().IsMatch(matchText) && !Present().IsMatch(matchText);

    /// <summary>
    /// The text with its explicit denials of risk taken out ("no thoughts of self-harm", "he's not suicidal"), so they
    /// are not read as statements of it; whatever else the text says is still judged ("not suicidal, I just want to die").
    /// </summary>
    public static string WithoutDenials(string matchText) => Denial().IsMatch(matchText) ? Spaces().Replace(Denial().Replace(matchText, " "), " ").Trim() : matchText;

    /// <summary>"Dying to try it", "bored to death", "my phone is dying": the words of risk used as a figure of speech.</summary>
    public static bool IsFigureOfSpeech(string matchText) => FigureOfSpeech().IsMatch(matchText);

    /// <summary>Someone else at risk: a partner, a child, a friend.</summary>
    public static bool IsSomeoneElseAtRisk(string matchText) => OtherPersonRisk.IsMatch(matchText);

    public static bool MentionsSomeoneElse(string matchText) => SomeoneElse().IsMatch(matchText);

    /// <summary>First-person wording of risk, so a message about someone else that also says "I want to die" is the visitor's own crisis.</summary>
    public static bool IsOwnRisk(string matchText) => OwnRisk().IsMatch(matchText) || SelfHarm.IsMatch(matchText) || WantToDie().IsMatch(matchText);

    /// <summary>Distress without a new statement of risk: in the turns after crisis resources it gets the supportive reply.</summary>
    public static bool IsDistress(string matchText) => Distress.IsMatch(matchText);

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
        | kill(ing|in|n)?\s+(my\s*self|me\s+self|myslef|mysefl|myelf|mself|myself)
        | k+i+l+(in|ing)?\s+(my\s*self|myself|myslef|mysefl)        # kil myself, killin myslef
        | \bkms\b | \bkys\b | unaliv\w*
        | (end|ending|take|taking|finish|finishing)\s+my\s+(own\s+)?life | stop\s+(fighting|trying)\s+to\s+(stay|be)\s+alive
        | (hurt|harm|cut|cutting|burn|burning|hurting|harming)\s+(my\s*self|myself)\b
        | (burned|burnt|cut|cutting|hurt|hurting|harmed)\s+my\s*self
        | self\s*(harm|harming|injur\w*)
        | (cut|cutting)\s+(my\s+)?(wrist|arm|leg)s?
        | (burn|burned|burnt|burning|scratch|scratching|hit|hitting|starve|starving|punish|punishing)\s+(my\s*self|myself|my\s+(arms?|legs?|wrists?|skin))\b.*\b(bleed|blood|again|until|myself|lighter|knife|blade)?
        | until\s+(they|it|i)\s+bleeds?
        | overdos\w*\s+on\s+purpose | (want|going|gonna|plan)\s+(to\s+)?overdose
        | (saved|saving|stockpil\w*|hoard\w*)\s+(up\s+)?(my\s+|some\s+|a\s+lot\s+of\s+|all\s+my\s+)?(sleeping\s+|pain\s+|anxiety\s+|heart\s+)?(pills|tablets|meds|medications?|insulin|sertraline|prozac|xanax|\w+(azepam|oxetine|codone|triptyline))
        | (pills|tablets|meds)\s+(saved|stockpiled|hoarded) | enough\s+(pills|tablets|meds)\s+to
        | (took|swallowed|taken|take)\s+(a\s+bunch\s+of|all\s+(of\s+)?(my|the)|enough|too\s+many|many|lots\s+of|a\s+lot\s+of|a\s+handful\s+of)\s+(my\s+)?(pills?|tablets?|meds)
        | (take|taking|swallow\w*)\s+(them|it|all\s+of\s+them)\s+all\s+at\s+once | turn(ing)?\s+off\s+my\s+oxygen
        | (wnt|want|wanna)\s+2\s+die | wnt\s+to\s+die
        | (hang|hanging)\s+my\s*self | jump(ing)?\s+(off|in\s+front\s+of)\s+(a|the)\s+(bridge|building|roof|train)
        | jump(ing)?\s+(off|from|in\s+front\s+of)\s+(my|a|the|this|that)\s+(\w+\s+)?(balcony|bridge|building|roof|cliff|ledge|train|car|window|tower|garage|overpass)
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

    // Not being around for what comes next, a decision taken, means at hand, typed run together or misspelt.
    private static readonly Regex NotAround = new("""
        \b(
          (wont|will\s+not|not\s+going\s+to|not\s+gonna|might\s+not|may\s+not|dont\s+know\s+if\s+ill|dont\s+think\s+ill|not\s+sure\s+ill)\s+(still\s+)?(be\s+)?(alive|around|here)\s+(for|by|after|to|much|next|when|long|in|much\s+longer|anymore)
        | (wont|will\s+not|not\s+going\s+to)\s+be\s+around\b
        | (cant|can\s+not|cannot|dont\s+think\s+i\s+can|not\s+sure\s+i\s+can|wont)\s+(last|survive|make\s+it|hold\s+on)\s+(another|much|till|until|through|to|for|longer|3|three|two|2|a\s+few)
        | (wont|will\s+not|dont)\s+(need|be\s+needing)\s+(it|them|anything|the\s+\w+)\s+(after|past|beyond)\s+(this|the|tonight|tomorrow|friday|saturday|sunday|monday)
        | (already|finally|i\s+have|ive|i)\s+decided\s+(to\s+(die|end|go|do\s+it)|im\s+done|thats\s+it|how|when|its\s+time)
        | already\s+decided\s*$ | tonight\s+is\s+the\s+night | (my|the)\s+last\s+(night|day|message|goodbye)\b
        | (decided|ready)\s+to\s+die | decided\s+im\s+done | thats\s+it\s+for\s+me
        | eat\s+(my|a)\s+(gun|bullet) | (gun|pistol|rifle)\s+(in|to)\s+my\s+(mouth|head)
        | (swerv\w*|drive|driving|crash\w*|steer\w*)\b.*\b(into|off)\s+(oncoming|the\s+oncoming|a\s+tree|a\s+wall|a\s+bridge|the\s+bridge|a\s+truck|traffic)
        | (looking|staring|standing|sitting)\s+(over|off|on)\s+the\s+(edge|ledge)
        | (razor|razors|blade|blades)\b.*\b(out|ready|bath|tonight)
        | (gave|giving|give|given)\s+away\s+(all\s+)?(of\s+)?my\s+(stuff|things|belongings|pets?|dog|cat|clothes|\w+\s+and)
        | tell\s+(my\s+\w+|them|everyone|her|him)\s+(that\s+)?i\s+loved
        | (if|when|after)\s+(im|i\s+am|i\s+m)\s+(not\s+around|gone|not\s+here|no\s+longer\s+(here|around))
        | (hope|hoping|wish|wishing|pray|praying)\b.*\b(heart\s+(would\s+)?(just\s+)?stops?|not\s+wake|never\s+wake|dont\s+wake|wont\s+wake|die\s+in\s+my\s+sleep|wouldnt\s+wake)
        | (have|got)\s+everything\s+(i\s+need\s+)?ready | (quickest|easiest|painless|painlessly|surest|best)\s+(\w+\s+)?ways?\s+to\s+(go|die|end\s+it|do\s+it|not\s+wake) | (pain|suffering|it)\s+will\s+(all\s+)?be\s+over\s+soon
        | (dont|do\s+not)\s+know\s+if\s+i\s+(can|will|ll|could)\s+(make\s+it|last|survive|hold\s+on)
        | (made|making|finished|sorted)\s+(my|all\s+my|all\s+the)\s+(final\s+)?arrangements
        | last\s+time\s+(im|i\s+am|i\s+will|ill|i\s+ll)\s+(ever\s+)?(ask|reach|talk|writ|message)
        | (given|gave|giving)\s+(away\s+)?my\s+(dog|cat|pets?|puppy|kitten|bird)\s+(away\s+)?to
        | (not\s+doing|cant\s+do|wont\s+do|not\s+going\s+through)\s+another\s+(year|month|winter|week|day|round)\s+(of\s+this|like\s+this)
        | (dont|do\s+not)\s+have\s+(another|one\s+more)\s+(round|fight|year|winter)\s+in\s+me | (laying|lay|putting|put)\s+it\s+(all\s+)?down\s+(now|tonight|for\s+good)
        | (im\s*)?going\s*to\s*end\s*it | gonna\s*end\s*it | endit\b | endmylife | killmy\s*self | wanttodie | wannadie
        | sel[fd]\s*har\w* | c[iu]t\s+my\s+(arm|arms|wrist|wrists|leg|legs|skin|thigh|thighs)\b
        )
        """, Linear);

    // Means, deadlines and hopes said in passing ("ive given myself til the end of the month", "stuff at home i could use"):
    // a list of its own, since NotAround's automaton is at the engine's node limit.
    private static readonly Regex MeansAndDeadlines = new("""
        \b(
          (walk|walking|step|stepping|run|running|throw|throwing|ride|riding|jump|jumping)\s+(my\s*self\s+)?(into|in\s+front\s+of|under)\s+(traffic|a\s+(car|bus|truck|lorry|train)|the\s+(train|traffic))
        | (lie|lying|lay|laying)\s+(down\s+)?on\s+the\s+(tracks|railway|rails)
        | \bctb\b | before\s+i\s+do\s+something\s+(stupid|drastic|permanent|i\s+cant\s+take\s+back)
        | (head|voices?|brain|mind)\s+(keeps?\s+|is\s+|are\s+|keep\s+)?(telling|tells|told)\s+me\s+to\s+(do\s+it|end\s+it|jump|die|kill|go\s+through\s+with)
        | (by|before|after|til|till|until)\s+(\w+day|tomorrow|tonight|christmas|new\s+years?|my\s+birthday|the\s+weekend|next\s+\w+|the\s+end\s+of\s+\w+)\s+(im|i\s+am|ill\s+be)\s+(out|done|gone)\s*$
        | (stopped|quit|stopping|quitting)\s+(taking\s+)?my\s+(\w+\s+)?(meds|medication|medications|pills|insulin|tablets)\s+on\s+purpose
        | hop\w*\s+(it|my\s+heart|my\s+body)\s+(just\s+)?(gives|give)\s+out
        | (liquor|booze|vodka|whiskey|whisky|alcohol|bottle)\b.*\b(take|swallow)\s+(all\s+)?(my|the)\s+(pills|meds|tablets)\s+with\s+it
        | given\s+my\s*self\s+(til|till|until|to|a\s+(week|month|deadline))\b
        | (stuff|things|something|enough|pills|meds)\s+(at\s+home|in\s+the\s+house|in\s+my\s+(\w+\s+)?(room|house|cabinet|drawer|car|garage))\s+(that\s+)?i\s+(could|can|would)\s+use
        | hoping\s+something\s+(bad\s+)?(happens|will\s+happen)\s+to\s+me
        | (other|backup|back\s+up|plan\s+b|last)\s+plan\b.*\b(weapon|gun|pistol|rifle|pills|rope|bridge|revolver)
        | (would\s+not|wouldnt|dont|do\s+not)\s+mind\s+if\s+(my\s+heart\s+(\w+\s+)?stopped|i\s+(died|didnt\s+wake|never\s+woke|wasnt\s+here))
        | attempt\b.*\b(urges?|thoughts)\s+(are\s+)?(coming|came|creeping)\s+back
        | (stockpil\w*|hoard\w*)\s+(up\s+)?(my|all\s+my|some\s+of\s+my)\s+\w+ | to\s+take\s+(them\s+|it\s+)?all\s+at\s+once
        | (time|fight|days)\s+(i\s+have\s+)?left\s+in\s+me
        | off(ing|in)\s+my\s*self | (to|gonna|wanna|just|might|will|could|should)\s+off\s+my\s*self
        | (thoughts?|urges?)\b.*\b(going\s+to|gonna|will|about\s+to|might|afraid\s+ill|scared\s+ill)\s+act\s+on\s+(them|it)
        | (drive|driving|steer\w*|crash\w*)\s+((my|the)\s+(car|truck|van|bike|motorbike)\s+)?(into|off)\s+(the|a)\s+(lake|river|ocean|sea|quarry|canal|cliff|ravine|road|pole|ditch|wall|tree|bridge|overpass)
        | take\s+all\s+(of\s+)?(my|his|her|their|the)\s+(\w+\s+)?(pills|meds|morphine|medication|tablets|painkillers|opioids|insulin)\s+and\s+(be\s+done|end\s+it|not\s+wake|never\s+wake|be\s+gone)
        | (keeping|kept|keep|have|got|built|building)\s+(a|my)\s+(stash|stockpile|hoard)\s+of\s+(my\s+)?(\w+\s+)?(pills|meds|tablets|medication|painkillers)
        | better\s+off\s+with\s+(the\s+|my\s+)?(life\s+)?insurance
        | (dont|do\s+not)\s+(send|give)\s+me\s+(a|the|any|another)\s+(hotline|helpline|crisis\s+line|crisis\s+number|suicide\s+hotline)
        | (hit|hitting|punch\w*|slam\w*|bang\w*)\s+my\s+(\w+\s+){0,2}(into|against|on)\b.*\bon\s+purpose
        )
        """, Linear);

    // Pills gathered or to be taken all at once ("stockpiling it", "swallow the lot"), a means thought easier than
    // living, an ending put as a metaphor, a past attempt coming back: apart from MeansAndDeadlines, whose automaton
    // these would push past the engine's node limit (its construction then fails).
    private static readonly Regex MeansAndPills = new("""
        \b(
          (plan\w*|going|gonna|ready|about|want|wanna)\s+to\s+swallow\s+(the\s+lot|all\s+of\s+(them|it)|them\s+all|it\s+all|the\s+whole\s+(lot|bottle|pack|box)|every\s+(last\s+)?one|everything)
        | swallow\w*\s+the\s+(lot|whole\s+bottle)
        | (meds|medication|medicine|pills|tablets|lithium|insulin|painkillers|prescription)\b.*\b(stockpil\w*|hoard\w*|sav(e|ing)\s+(it|them)\s+up)
        | (poison|pills|overdos\w*|rope|gun|bridge|jump\w*|drown\w*|dying|death|being\s+dead)\b.*\beasier\s+than\s+(all\s+)?(this|living|life|going\s+on|carrying\s+on)
        | (put|putting|lay|laying)\s+(the|my)\s+\w+\s+down\s+for\s+good
        | last\s+time\b.*\b(ambulance|hospital|icu|overdos\w*|attempt\w*)\b.*\b(its|it\s+is|its\s+coming|it\s+came)\s+back
        )
        """, Linear);

    // Visitors who mix in Spanish: intent, self-harm and not wanting to live said plainly. Not "adiós, gracias por todo"
    // on its own, an ordinary way to end a chat, nor "morirme de risa" (dying of laughter).
    [GeneratedRegex("""
        \b(
          (me\s+)?quiero\s+(morir|morirme|matarme|suicidarme|desaparecer\s+para\s+siempre)(?!\s+de\s+(risa|ganas|hambre|sue[ñn]o|calor|fr[ií]o|amor))
        | (matarme|suicidarme|quitarme\s+la\s+vida|acabar\s+con\s+mi\s+vida|hacerme\s+da[ñn]o|cortarme\s+(otra\s+vez|las\s+venas))
        | no\s+quiero\s+(vivir|seguir\s+viviendo|despertar|estar\s+aqu[ií])
        | ya\s+no\s+quiero\s+(vivir|estar\s+aqu[ií]|seguir)
        | (mejor|quisiera)\s+(estar\s+)?muert[oa]
        | ojal[aá]\s+(no\s+despertar|me\s+muera|me\s+muriera|estuviera\s+muert[oa])
        | adi[oó]s\s+para\s+siempre
        | estar[ií]an?\s+mejor\s+sin\s+m[ií]
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex InSpanish();

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
        | nobody\s*(would|will)\s*(miss|care\s*if)\s*(me|i\s*was\s*gone) | no\s*one\s*(would|will)\s*(miss|care\s*if)\s*(me|i\s*was\s*gone)
        | if\s*i\s*(was|were)\s*gone
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
        | (wanting|wanted)\s+to\s+(die|be\s+dead|end\s+it|not\s+(be\s+here|exist|wake))
        | (why|y)\s+(am|m)\s+i\s+(even\s+|still\s+)?(alive|here|living)
        | call(ing)?\s+it\s+quits\s+(on|with)\s+(everything|life|it\s+all|living)
        | (whether|if)\s+(to|i\s+should|i\s+want\s+to|i\s+can|its\s+worth)\s+(keep|keeping|go\s+on|going\s+on|carry\s+on)\s*(living|going|on)?\b
        | (point|reason)\s+(of|in|for)\s+(sticking|staying|hanging)\s+around
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

    [GeneratedRegex(@"\b((would|could|i\s*d)\s+(literally\s+)?die\s+for|dying\s+(to|for)|to\s+death|(phone|fone|battery|batteries|car|laptop|plants?|flowers|tv|charger|computer)\s+(\w+\s+)?(is\s+|are\s+|keeps?\s+|just\s+|about\s+to\s+)?(dying|dyin|die|died|dead)|killing\s+(me|it)|killed\s+(it|the\s+vibe)|dead\s+(serious|tired)|im\s+dead|would\s+kill\s+me|kill\s+for|life\s*saver|saved\s+(my|our)\s+(life|lives|bacon|day)|in\s+the\s+(show|movie|film|book|novel|series|play|song)|a\s+character|for\s+my\s+(essay|class|paper|assignment|thesis))\b", RegexOptions.CultureInvariant)]
    private static partial Regex FigureOfSpeech();

    // "No (current) thoughts of hurting myself or the baby", "I have no suicidal thoughts", "my wife is not suicidal", "he
    // isn't a danger to himself". Not "no plan yet": a denial that leaves the door open is no denial.
    [GeneratedRegex("""
        \b(no|not|never|without|nor|dont\s+have|do\s+not\s+have|not\s+having|havent\s+had|have\s+not\s+had|have\s+no|denies|deny)\s+
          ((any|current|active|recent|real|such|the)\s+)*(suicidal\s+|self\s*harm\s+|dark\s+)?(thoughts?|ideation|plans?|intent\w*|urges?|wish|desire)
          (\s+(of|about|to|for)\s+(\w+\s+)?(suicide|self\s*harm\w*|hurting|harming|killing|ending|dying|death)
            (\s+(my|him|her|them|your)sel(f|ves)|\s+(my|his|her|their)\s+(own\s+)?life)?)?
          (\s+or\s+(of\s+)?(hurting\s+|harming\s+)?(my|him|her|them)sel(f|ves)|\s+or\s+(of\s+)?(hurting\s+|harming\s+)?(the\s+baby|anyone(\s+else)?|others|other\s+people)|\s+or\s+(self\s*harm\w*|suicide))?
          \b(?!\s+yet)
        | \b(not|isnt|arent|wasnt|werent|never\s+been)\s+(actively\s+|currently\s+)?
          (suicidal|self\s*harming|at\s+risk|in\s+danger|a\s+danger\s+to\s+(him|her|my|them)sel(f|ves)|dangerous\s+to\s+(him|her|my|them)sel(f|ves)|hurting\s+(him|her|my|them)sel(f|ves)|going\s+to\s+(hurt|harm|kill)\s+(him|her|my|them)sel(f|ves))\b
          (?!\s+yet)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\bsu[ie]?[cs][ie]?d[ae]?l?\w*|\bideation\b|\bself\s*harm\w*", RegexOptions.CultureInvariant)]
    private static partial Regex SuicideWord();

    [GeneratedRegex(@"\b(ketamine|ket|infusions?|treatments?|therapy|therapies|esketamine|spravato|drug|medicine|medication|clinics?|effects?|brain|it)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AboutTreatment();

    [GeneratedRegex(@"\b(rates?|statistics|stats|study|studies|research\w*|trials?|paper|essay|thesis|data|prevalence|percent\w*|epidemiolog\w*|scales?|journal|article|literature|clinicians?|patients|population|prevention|awareness|history|novel|film|movie|book|song|character)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AboutResearch();

    // The visitor speaking of their own risk: "I'm suicidal", "I've been having thoughts of ending it", "my suicidal thoughts".
    [GeneratedRegex("""
        \b(im|i\s+am|i\s+feel|ive\s+been|i\s+have\s+been|i\s+get|i\s+keep|i\s+have|i\s+had|i\s+struggle\s+with|i\s+deal\s+with|i\s+still|i\s+m|feeling|been)\s+(\w+\s+){0,2}(suicidal|suicide|thoughts\s+of\s+(dying|death|ending|killing|suicide)|thinking\s+(about|of)\s+(dying|ending|killing|suicide))\b
        | \bmy\s+(own\s+)?(suicidal|suicide)\b | \bactively\s+suicidal\b
        | \b(ive\s+been|im|i\s+am|i\s+keep|i\s+still|i\s+started|been)\s+(\w+\s+){0,2}(self\s*harm\w*|cutting\s+(again|myself)|burning\s+myself) | \b(i|me|myself)\b.*\b(right\s+now|tonight|today|anymore)\b.*\bsuicid
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex OwnRisk();

    [GeneratedRegex(@"\b((from|in|back\s+in)\s+(19|20)\d\d|(middle|high|grade)\s+school|long\s+gone|years?\s+(ago|back)|\d+\s*(yrs?|years?)\s+ago|months\s+ago|decades?(\s+ago)?|my\s+teens|long\s+(time\s+)?ago|in\s+(college|high\s+school|school|uni|my\s+(teens|twenties|20s))|as\s+a\s+teen\w*|when\s+i\s+was\s+(younger|a\s+teen\w*|a\s+kid|\d+)|back\s+(then|in\s+\d+)|in\s+(19|20)\d\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Resolved();

    [GeneratedRegex(@"\b(free\s+of\s+it|\d+\s*(years?|yrs)\s+(free|clean|sober)|stable|better|fine|well|recovered|recovery|past\s+it|behind\s+me|closed|happ(y|ily)|content|no\s+longer|not\s+anymore|long\s+gone|healthy|(doing|been)\s+(good|great|ok|okay|alright|fine)|got\s+(treatment|help|treated)|in\s+a\s+good\s+place|over\s+it|moved\s+on|safe|since\s+then|havent\s+(done\s+it\s+)?since|not\s+since|(clean|free)\s+since)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Recovered();

    [GeneratedRegex(@"\b(tonight|right\s+now|again|lately|recently|still|these\s+days|this\s+week|keep|want|wanna|going\s+to|gonna|plan|planning|cant|can\s+not|cannot|tomorrow|soon|last\s+night|yesterday|urges?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Present();

    [GeneratedRegex(@"\b(my|our)\s+(\w+\s+)?(son|daughter|kid|kids|child|children|teen|teenager|boy|girl|husband|wife|partner|spouse|boyfriend|girlfriend|bf|gf|fiance|fiancee|friend|bestie|mom|mum|mother|dad|father|brother|sister|sibling|parent|parents|grandma|grandmother|grandpa|grandfather|roommate|flatmate|coworker|co\s+worker|colleague|neighbou?r|student|patient|client|uncle|aunt|cousin|niece|nephew|ex|buddy)\b|\b(he|she|they)\s+(is|was|has|said|says|keeps|wants|told|texted|sent|wrote|posted|won\w*|isnt|hasnt|doesnt|took|left|locked)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SomeoneElse();

    // Third-person risk: "kill himself", "she said she wants to die", "his goodbye note".
    private static readonly Regex OtherPersonRisk = new("""
        \b(kill\w*|hurt\w*|harm\w*|cut\w*|burn\w*|hang\w*|shoot\w*|end\w*)\s+(him|her|them)sel(f|ves)\b
        | \b(his|her|their)\s+(own\s+)?life\b
        | \b(he|she|they)\s+(\w+\s+){0,3}(want|wants|wanna|is\s+going|s\s+going|are\s+going|plans?|planning|said|says|keeps|talks?|talking|told|texted|wrote|posted|threatened|mentioned|tried|attempted)\b.*\b(die|dying|dead|suicid\w*|kill|end\s+it|not\s+(be\s+)?(here|around)|goodbye|better\s+off\s+without|overdos\w*|pills)
        | \b(his|her|their)\s+(suicide|goodbye)\s+(note|letter|text|message)
        | \b(drive|driving|steer\w*|crash\w*)\s+(his|her|their)\s+(car|truck|van|bike|motorbike)\s+(into|off)\s+(the|a)\s+(lake|river|ocean|sea|quarry|canal|cliff|ravine|wall|tree|bridge|overpass)
        | \bbetter\s+off\s+without\s+(him|her|them)\b | \b(hoard\w*|stockpil\w*|saving\s+up|saved\s+up)\s+(his|her|their)\s+(pills|meds|tablets|medication)
        | \b(suicid\w*|self\s*harm\w*|cutting\s+again|overdos\w*)\b.*\b(my|our)\s+(son|daughter|kid|child|teen|husband|wife|partner|boyfriend|girlfriend|friend|mom|mother|dad|father|brother|sister)\b
        | \b(my|our)\s+(son|daughter|kid|child|teen|husband|wife|partner|boyfriend|girlfriend|friend|mom|mother|dad|father|brother|sister)\b.*\b(suicid\w*|self\s*harm\w*|cutting\s+again|overdos\w*|wants?\s+to\s+die)
        """, Linear);

    // Distress after crisis resources: loneliness, exhaustion, numbness, hopelessness about treatment, hurt at the bot.
    private static readonly Regex Distress = new("""
        \b(lonely|alone|no\s*one|nobody|isolated|empty|numb|hopeless|worthless|useless|pointless|exhausted|drained|broken|crying|cried|sobbing|miserable|ashamed|hate\s+my\s*self|hate\s+my\s+life|sick\s+of\s+(it|this|everything|being)|tired\s+of|so\s+tired|cant\s+(sleep|cope|stop\s+crying|breathe|take|deal|handle|keep)|nothing\s+(helps|works|matters|ever\s+works|changes)|whats\s+the\s+point|no\s+point|give\s+up|gave\s+up|giving\s+up|falling\s+apart|burden|failure|scared|terrified|afraid|panic\w*|overwhelmed|dont\s+care|doesnt\s+matter|dont\s+matter|dont\s+know\s+what\s+to\s+do|just\s+a\s+bot|dont\s+(want|need)\s+(a\s+)?(hotline|number|lecture)|you\s+dont\s+care|no\s+one\s+cares|nobody\s+cares|hurts|hurting|in\s+pain|suffering|struggling|awful|terrible|horrible|sad|depressed|trapped)\b
        """, Linear);
}
