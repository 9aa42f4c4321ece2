using System.Collections.Frozen;

namespace Bot.Knowledge;

/// <summary>
/// Common English words (SCOWL size 35, 4+ letters; see NOTICE). A word a visitor spelt correctly is never a typo of
/// another word: "heat" is not "heart" and "form" is not "from". Stemming already joins a real word to its inflections.
/// </summary>
public static class EnglishWords
{
    private static readonly FrozenSet<string> Words = Load();

    public static IReadOnlySet<string> All => Words;

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream("Knowledge.english-words.txt")
            ?? throw new InvalidOperationException("The embedded English word list is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(40_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
