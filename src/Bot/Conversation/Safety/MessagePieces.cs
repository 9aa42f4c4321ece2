using System.Text.RegularExpressions;

namespace Bot.Conversation.Safety;

/// <summary>
/// A message as the crisis detector reads it: whole, then sentence by sentence, and long run-on stretches in
/// overlapping windows of words, so one line of intent inside a pasted paragraph is judged on its own.
/// </summary>
public readonly record struct Piece(string Text, bool Window);

public static partial class MessagePieces
{
    private const int Window = 14, Stride = 7, LongSentence = 24, MaxPieces = 32;

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
            for (var start = 0; words.Length > LongSentence && start < words.Length - Stride; start += Stride)
            {
                pieces.Add(new Piece(string.Join(' ', words.Skip(start).Take(Window)), true));
            }
        }
        return pieces.Count > MaxPieces ? pieces[..MaxPieces] : pieces;
    }

    [GeneratedRegex(@"(?<=[.!?;:])\s+|\s+[-\u2013\u2014]+\s+|\n+")]
    private static partial Regex Sentences();
}
