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
        matchText.Length > 0 && (Personal().IsMatch(matchText) || (PersonalContext().IsMatch(matchText) && Permission().IsMatch(matchText)));

    // Only IsMatch is ever asked, so the groups need not capture: without the capture bookkeeping on every
    // backtrack the long ".*" lists below cost about a third as much per message.
    private const RegexOptions Options = RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // "I take lithium ... is that a problem?": something about the visitor's own body, drugs or age...
    [GeneratedRegex("""
        \b(im\s+on|i\s+am\s+on|ive\s+been\s+on|i\s+was\s+on|i\s+take|i\s+use|i\s+smoke|i\s+drink)\b
        | \b(i|im|ive|my|me)\b.*\b(lithium|gabapentin|weed|marijuana|cannabis|thc|alcohol|drink|drinker|maois?|ssris?|snris?|benzos?|sleeping\s+pills?|beta\s+blockers?|troches|meds|medications?|pills?|prescri\w+|effexor|trazodone|antidepressants?|schizophreni\w*|bipolar|psychosis|apnea|heart|blood\s+pressure|addict\w*|coke|cocaine|opioids?|heroin|seizures?|epilep\w*|diabet\w*|kg|lbs|pounds|weigh|years?\s+old|\d{2}|parents?|pregnan\w*|family|doctor|psychiatrist|therapist|condition|diagnos\w*|surgery|allerg\w*|glaucoma|kidney|liver|asthma|stroke|anxiety\s+meds)\b
        """, Options)]
    private static partial Regex PersonalContext();

    // ...together with a "can I / is that OK for me" question.
    [GeneratedRegex("""
        \b(can\s+i\s+(still\s+)?(do|get|have|try|come|take|use|be\s+treated)
        | is\s+(that|it|ketamine|this)\s+(gonna\s+be\s+)?(a\s+problem|ok|okay|safe|dangerous|an\s+issue|fine|bad|a\s+risk)
        | does\s+(that|it|this)\s+matter | will\s+(that|it|this)\s+(be\s+a\s+problem|matter|affect|mess|interfere|be\s+ok)
        | (gonna|going\s+to)\s+(mess|interfere)\s+with | what\s+should\s+i\s+do | dangerous\s+with | safe\s+with
        | (ok|okay|safe|right)\s+for\s+me | do\s+i\s+need\s+to\s+(taper|stop|come\s+off|quit) | should\s+i
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
        | \b(is\s+it|would\s+it\s+be|will\s+it\s+be)\s+(safe|ok|okay|right|good)\s+for\s+me\b
        | \bam\s+i\s+(a\s+good\s+candidate|eligible|allowed|too\s+old|too\s+young)\b
        | \bcan\s+i\s+(still\s+)?take\s+my\b | \b(dose|dosage|mg|milligrams?)\b.*\b(for\s+me|right\s+for)\b
        )
        """, Options)]
    private static partial Regex Personal();
}
