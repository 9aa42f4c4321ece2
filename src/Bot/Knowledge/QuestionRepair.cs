using System.Text.RegularExpressions;

namespace Bot.Knowledge;

/// <summary>
/// What retrieval fixes in a question before searching. Some typos are real words that neither typo matching nor
/// synonyms can catch: "how dose it work" means "does", but "dose" is the decline-dose entry's key word. Only the
/// context tells them apart, so the rewrite is limited to "dose" as a verb before its subject ("dose it hurt").
/// </summary>
public static partial class QuestionRepair
{
    /// <summary>
    /// One word said over and over ("knock knock", "knock knock, who's there?", "blah blah") is play or noise, not a
    /// question: the repetition would otherwise double the word's weight and make a joke look like a confident match.
    /// </summary>
    public static bool IsRepeatedWord(string question)
    {
        var content = Word().Matches(question.Replace("'", "").Replace("\u2019", "").ToLowerInvariant())
            .Select(m => m.Value).Where(w => !KnowledgeIndex.IsGeneric(w)).ToList();
        return content.Count >= 2 && content.All(w => w == content[0]);
    }

    public static string Apply(string question) => DoseAsDoes().Replace(DosentAsDoesnt().Replace(question, "doesnt"), "does");

    [GeneratedRegex(@"\bdose(?=\s+(it|its|that|this|he|she|they|u|you|ur|your|anyone|everyone|someone|somebody|ketamine|ket|insurance|treatment|therapy|the\s+(infusion|treatment|therapy|needle|iv|drip|clinic|drug|medicine|medication))\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAsDoes();

    [GeneratedRegex(@"\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(dosent|dosnt|dosen'?t|dose'?nt|dosn'?t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DosentAsDoesnt();
}
