using System.Text.RegularExpressions;

namespace Bot.Knowledge;

/// <summary>
/// Typos that are themselves real words, which neither typo matching nor synonyms can catch: "how dose it work" means
/// "does", but "dose" is the decline-dose entry's key word. Only the context tells them apart, so the rewrite is
/// limited to "dose" used as a verb before its subject ("dose it hurt", "how dose ketamine work").
/// </summary>
public static partial class QuestionRepair
{
    public static string Apply(string question) => DoseAsDoes().Replace(DosentAsDoesnt().Replace(question, "doesnt"), "does");

    [GeneratedRegex(@"\bdose(?=\s+(it|its|that|this|he|she|they|u|you|ur|your|anyone|everyone|someone|somebody|ketamine|ket|insurance|treatment|therapy|the\s+(infusion|treatment|therapy|needle|iv|drip|clinic|drug|medicine|medication))\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAsDoes();

    [GeneratedRegex(@"\b(dosent|dosnt|dosen'?t|dose'?nt|dosn'?t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DosentAsDoesnt();
}
