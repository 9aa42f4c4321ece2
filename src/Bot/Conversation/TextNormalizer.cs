using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Conversation;

/// <summary>
/// Visitor text as the detectors see it: NFKC, lower case, curly quotes straightened, control and
/// zero-width characters gone, whitespace collapsed. Phone keyboards and pasted text vary a lot.
/// </summary>
public static partial class TextNormalizer
{
    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var s = text.Length > maxLength ? text[..maxLength] : text;
        try
        {
            s = s.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised; keep the text as it is.
        }
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                sb.Append(char.IsWhiteSpace(c) ? ' ' : '\0');
                continue;
            }
            sb.Append(c switch { '\u2018' or '\u2019' or '\u02BC' => '\'', '\u201C' or '\u201D' => '"', _ => c });
        }
        return Spaces().Replace(sb.ToString().Replace("\0", ""), " ").Trim();
    }

    /// <summary>Lower case, apostrophes dropped ("don't" → "dont"), punctuation to spaces: for pattern matching only.</summary>
    public static string ForMatching(string cleaned) =>
        Spaces().Replace(NonWord().Replace(cleaned.ToLowerInvariant().Replace("'", ""), " "), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}
