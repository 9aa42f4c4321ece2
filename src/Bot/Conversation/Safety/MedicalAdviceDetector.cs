using System.Text.RegularExpressions;

namespace Bot.Conversation.Safety;

/// <summary>
/// Spots requests for personal medical advice: doses, the visitor's own medicines or conditions,
/// pregnancy, children. Those get a clinician deferral, never a dose. General questions ("is ketamine
/// safe", "can it affect your heart") are left to the FAQ. Input: <see cref="TextNormalizer.ForMatching"/> text.
/// </summary>
public static partial class MedicalAdviceDetector
{
    public static bool IsPersonalAdvice(string matchText) =>
        matchText.Length > 0 && (Personal().IsMatch(matchText) || IsDoseQuestion(matchText) || (PersonalContext().IsMatch(matchText) && Permission().IsMatch(matchText)));

    /// <summary>Amounts of ketamine, general or personal ("what dose do you use", "how many ml", "do you dose by weight"): always a clinician's call.</summary>
    public static bool IsDoseQuestion(string matchText) => Dose().IsMatch(matchText) && !DoesTypedAsDose().IsMatch(matchText);

    // Only IsMatch is ever asked, so the groups need not capture: without the capture bookkeeping on every
    // backtrack the long ".*" lists below cost about a third as much per message.
    private const RegexOptions Options = RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // "I take lithium ... is that a problem?": something about the visitor's own body, drugs or age...
    [GeneratedRegex("""
        \b(im\s+on|i\s+am\s+on|ive\s+been\s+on|i\s+was\s+on|i\s+take|i\s+use|i\s+smoke|i\s+drink)\b
        | \b(i|im|ive|my|me)\b.*\b(lithium|gabapentin|weed|marijuana|cannabis|thc|alcohol|drink|drinker|maois?|ssris?|snris?|benzos?|sleeping\s+pills?|beta\s+blockers?|troches|meds|medications?|pills?|prescri\w+|effexor|trazodone|antidepressants?|schizophreni\w*|bipolar|psychosis|apnea|heart|blood\s+pressure|addict\w*|coke|cocaine|opioids?|heroin|seizures?|epilep\w*|diabet\w*|kg|lbs|pounds|weigh|years?\s+old|\d{2}|parents?|pregnan\w*|family|doctor|psychiatrist|therapist|condition|diagnos\w*|surgery|allerg\w*|glaucoma|kidney|liver|asthma|stroke|anxiety\s+meds|psychotic|alcoholic|sober|recovering|dementia|baby|xanax|tramadol|eliquis|blood\s+thinners?|lexapro|zoloft|prozac|wellbutrin|seroquel|adderall)\b
        """, Options)]
    private static partial Regex PersonalContext();

    // ...together with a "can I / is that OK for me" question.
    [GeneratedRegex("""
        \b(can\s+i\s+(still\s+)?(do|get|have|try|come|take|use|be\s+treated)
        | is\s+(that|it|ketamine|this)\s+(gonna\s+be\s+)?(a\s+problem|ok|okay|safe|dangerous|an\s+issue|fine|bad|a\s+risk)
        | does\s+(that|it|this)\s+matter | will\s+(that|it|this)\s+(be\s+a\s+problem|matter|affect|mess|interfere|be\s+ok)
        | (gonna|going\s+to)\s+(mess|interfere)\s+(with|w) | what\s+should\s+i\s+do | dangerous\s+with | safe\s+with
        | (ok|okay|safe|right)\s+for\s+me | do\s+i\s+need\s+to\s+(taper|stop|come\s+off|quit) | should\s+i
        | (does|will|would|could|can)\s+(that|it|this|those|these|they)\s+(mess|interfere|interact|clash|react|conflict)\w*
        | (would|will|does|could)\s+(that|it|this)\s+(rule|disqualify|exclude|stop|prevent|keep)\s+me | rule\s+me\s+out
        | (bad|good)\s+idea(\s+for\s+me)? | is\s+(the\s+)?(iv|infusion|drip|treatment)\s+(ok|okay|safe|fine)
        | alongside | at\s+the\s+same\s+time | mix\w*\s+with)\b
        """, Options)]
    private static partial Regex Permission();

    [GeneratedRegex("""
        \b(
          (how\s+much|how\s+many\s+(mg|milligrams?|ml)|what\s+dose|which\s+dose|what\s+dosage)\b.*\b(i|me|my)\b.*\b(take|get|need|have|use|given)\b
        | \b(i|me|my)\b.*\b(dose|dosage|mg|milligrams?)\b
        | \bshould\s+i\s+(stop|quit|come\s+off|get\s+off|skip|lower|reduce|increase|up|change|switch|keep\s+taking|start|take)\b
        | \b(can|could|should|is\s+it\s+(safe|ok|okay|fine)\s+to)\s+i?\s*(still\s+)?(take|mix|combine|use|do)\s+(it|ketamine|this|an\s+infusion|infusions?)\s+(with|while\s+(on|taking))\b
        | \bwhile\s+(im|i\s+am)\s+(on|taking)\b
        | \bmy\s+(meds|medication|medications|medicine|medicines|prescription|pills|antidepressants?|ssris?|snris?|maois?|benzos?|lithium|lexapro|zoloft|prozac|paxil|celexa|effexor|cymbalta|wellbutrin|xanax|klonopin|ativan|valium|adderall|ritalin|vyvanse|suboxone|methadone|lamictal|seroquel|abilify|trazodone|gabapentin|insulin|blood\s+thinners?)\b
        | \b(im|i\s+am|i\s+might\s+be|i\s+may\s+be|were|we\s+are)\s+(pregnant|expecting|breastfeeding|nursing|trying\s+to\s+(get\s+pregnant|conceive))\b
        | \b(pregnant|pregnancy|breastfeeding|nursing\s+mom)\b.*\b(i|me|my)\b | \b(i|me|my)\b.*\b(pregnant|pregnancy|breastfeeding)\b
        | \bi\s+(have|had|got|suffer\s+from|was\s+diagnosed\s+with|m\s+diagnosed\s+with)\s+(a\s+|an\s+)?(heart|high\s+blood|low\s+blood|blood\s+pressure|seizures?|epilepsy|schizophrenia|psychosis|bipolar|glaucoma|liver|kidney|bladder|asthma|copd|diabetes|history\s+of|arrhythmia|afib|a\s*fib|pacemaker|stroke|substance|addiction|alcoholism)
        | \bmy\s+(heart\s+condition|heart\s+problems?|high\s+blood\s+pressure|low\s+blood\s+pressure|seizures?|epilepsy|condition|diagnosis|doctor\s+(says|said)|psychiatrist\s+(says|said)|health\s+problems?)\b
        | \bmy\s+(son|daughter|kid|kids|child|children|teen|teenager|\d+\s*(year|yr)\s*old)\b
        | \bmy\s+(husband|wife|partner|mom|mum|mother|dad|father|brother|sister|boyfriend|girlfriend)\s+(is|s)\s+(on|taking)\b
        | \bcan\s+(he|she|they)\s+(still\s+)?(have|get|do|take|try|use)\s+(it|ketamine|this|an?\s+infusion|infusions|treatment)\b
        | \b(would|do)\s+you\s+recommend\s+(it|this|ketamine|infusions?)\s+for\s+(me|her|him|them|my)\b
        | \bcan\s+i\s+(come\s+off|stop|quit|get\s+off|taper|drop)\b
        | \b(im|i\s+am)\s+\d{1,2}(\s+(years?\s+old|yo|yrs?\s+old))?\b.*\b(can|could|may|am|is|do|should)\s+(i|it|they)\b
        | \btrying\s+(for\s+a\s+baby|to\s+(get\s+pregnant|conceive|have\s+a\s+baby))\b
        | \bshould\s+i\s+(still\s+)?(do|try|get|go\s+ahead\s+with|hold\s+off|wait)\b
        | \b(is\s+it|would\s+it\s+be|will\s+it\s+be)\s+(safe|ok|okay|right|good)\s+for\s+me\b
        | \bam\s+i\s+(a\s+good\s+candidate|eligible|allowed|too\s+old|too\s+young)\b
        | \bcan\s+i\s+(still\s+)?take\s+my\b | \b(dose|dosage|mg|milligrams?)\b.*\b(for\s+me|right\s+for)\b
        | \bwould\s+i\s+(be|get)\s+(cleared|eligible|approved|accepted|a\s+candidate|allowed)\b
        | \b(preclude|disqualify|exclude|rule\s+out)\s+me\b | \brule\s+me\s+out\b | \bfor\s+(someone|somebody|a\s+person)\s+like\s+me\b
        | \b(right|good|best|safe)\s+(treatment|choice|option|idea)\s+for\s+me\b | \bin\s+my\s+case\b | \benough\s+for\s+me\b
        )
        """, Options)]
    private static partial Regex Personal();

    // Units and dosing words always ask for an amount; "dose" itself only with a word that asks about it, since
    // "at the doses used in a clinic" is a general question and "dose it hurt" is "does it hurt".
    [GeneratedRegex("""
        \b(mgs?|milligrams?|mls|millilit(er|re)s?|mcg|micrograms?|mg\s*(per\s+)?kg|per\s+(kg|kilo\w*)|microdos\w*|dosages?|dosing)\b
        | \bml\b(?!\s+(of\s+)?(water|saline))
        | \b(what|whats|which|max|maximum|minimum|usual|typical|normal|standard|starting|higher|lower|bigger|smaller|stronger|weaker|right|same|your)\s+(\w+\s+)?doses?\b
        | \bdoses?\s+(for|per|by|of|in\s+mg|up|down|adjust\w*|increas\w*|chang\w*|based|depend\w*|do\s+(you|they)|are\s+(you|they)|would|will\s+i)\b
        | \b(increase|raise|lower|reduce|adjust|change|turn|double|triple|go\s+up\s+in|up|bump)\s+(up\s+)?(the\s+|my\s+|your\s+)?(dose|amount)\b
        | \b(go|goes|going)\s+up\s+in\s+dose\b | \bdose\s+by\b | \bby\s+(body\s+)?weight\b
        | \bhow\s+(much|many)\s+(ketamine|k|of\s+(it|the\s+(drug|medicine|ketamine))|medicine|drug|meds)\b(?!\s+(cost|costs|is\s+it|does\s+it\s+cost))
        | \b(bigger|heavier|larger|taller|smaller|lighter)\s+(guy|person|people|man|woman|patients?|body)\b.*\bneeds?\s+(more|less)\b
        | \bneeds?\s+(more|less)\s+(ketamine|of\s+it|medicine|of\s+the\s+drug)\b
        | \bdouble\s+it\b
        | \b(extra|more)\s+(sprays?|doses?|puffs?)\b | \bhow\s+many\s+sprays\b | \btop\s+(it\s+|myself\s+)?up\s+at\s+home\b
        | \bask\s+for\s+(less|more|a\s+(lower|higher|smaller|bigger|weaker|stronger)\s+(dose|amount))\b
        """, Options)]
    private static partial Regex Dose();

    // "how dose it work", "dose ketamine affect breathing": the verb, mistyped.
    [GeneratedRegex(@"^(how|what|when|why|where|who)?\s*dose\s+(it|ketamine|this|that|u|you|he|she|they|one|an?|infusion|treatment|i)\b|\b(how|what|when|why)\s+dose\s+(it|ketamine|this|that|u|you|the|an?|infusion|treatment|one)\b", Options)]
    private static partial Regex DoesTypedAsDose();
}
