using System.Text.RegularExpressions;

namespace Bot.Conversation.Safety;

/// <summary>
/// A message as the crisis detector reads it: whole, then sentence by sentence, and long run-on stretches in
/// overlapping windows of words, so one line of intent inside a pasted paragraph is judged on its own.
/// </summary>
public readonly record struct Piece(string Text, bool Window);

public static partial class MessagePieces
{
    private const int Window = 14, Stride = 7, LongSentence = 24, MaxPieces = 48, MinClauseSentence = 8;
    private const bool ClauseIsWindow = true;

    public static IReadOnlyList<Piece> Split(string text)
    {
        var pieces = new List<Piece> { new(text, false) };
        var sentences = Sentences().Split(text);
        foreach (var raw in sentences)
        {
            var sentence = raw.Trim();
            if (sentence.Length == 0)
            {
                continue;
            }
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (sentences.Length > 1 && words.Length >= 2)
            {
                pieces.Add(new Piece(sentence, false));
            }
            // A risk said in passing ("..., and ive been thinking about jumping off the garage") is its own clause:
            // the rest of the sentence must not drown it.
            if (words.Length >= MinClauseSentence)
            {
                foreach (var clause in Clauses().Split(sentence))
                {
                    var clauseWords = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                    if (clauseWords >= 4 && clauseWords < words.Length)
                    {
                        pieces.Add(new Piece(clause.Trim(), ClauseIsWindow));
                    }
                }
            }
            for (var start = 0; words.Length > LongSentence && start < words.Length - Stride; start += Stride)
            {
                pieces.Add(new Piece(string.Join(' ', words.Skip(start).Take(Window)), true));
            }
        }
        return pieces.Count > MaxPieces ? pieces[..MaxPieces] : pieces;
    }

    [GeneratedRegex(@"(?<=[.!?;:])\s+|\s+[-\u2013\u2014]+\s+|\n+")]
    private static partial Regex Sentences();

    [GeneratedRegex(@",\s*|\s+(?=(?:and|but|because|bc|cuz|cause|so|tbh|honestly|though|although|while|since)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex Clauses();
}
