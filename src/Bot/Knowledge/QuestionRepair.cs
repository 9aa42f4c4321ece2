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
        // Runs every turn, so no regex matches or word strings: words are \w runs with apostrophes dropped ("who's"
        // is "whos"), lower-cased into a buffer and compared with the first content word in place.
        var buffer = question.Length <= 512 ? stackalloc char[question.Length * 2] : new char[question.Length * 2];
        var first = buffer[..question.Length];
        var word = buffer[question.Length..];
        int firstLength = -1, count = 0, i = 0;
        while (i < question.Length)
        {
            var length = 0;
            for (; i < question.Length && (IsApostrophe(question[i]) || IsWordChar(question[i])); i++)
            {
                if (!IsApostrophe(question[i]))
                {
                    word[length++] = char.ToLowerInvariant(question[i]);
                }
            }
            if (length == 0)
            {
                i++;
                continue;
            }
            var w = word[..length];
            if (KnowledgeIndex.IsGeneric(w))
            {
                continue;
            }
            if (firstLength < 0)
            {
                w.CopyTo(first);
                firstLength = length;
            }
            else if (!w.SequenceEqual(first[..firstLength]))
            {
                return false;
            }
            count++;
        }
        return count >= 2;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    // What regex \w matches: letters, non-spacing marks, decimal digits, connector punctuation.
    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) is
        >= System.Globalization.UnicodeCategory.UppercaseLetter and <= System.Globalization.UnicodeCategory.NonSpacingMark
        or System.Globalization.UnicodeCategory.DecimalDigitNumber or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    public static string Apply(string question) => RunTogetherWords.Apply(DoseAsDoes().Replace(DosentAsDoesnt().Replace(question, "doesnt"), "does"));

    [GeneratedRegex(@"\bdose(?=\s+(it|its|that|this|he|she|they|u|you|ur|your|anyone|everyone|someone|somebody|ketamine|ket|insurance|treatment|therapy|the\s+(infusion|treatment|therapy|needle|iv|drip|clinic|drug|medicine|medication))\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseAsDoes();

    [GeneratedRegex(@"\b(dosent|dosnt|dosen'?t|dose'?nt|dosn'?t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DosentAsDoesnt();
}
