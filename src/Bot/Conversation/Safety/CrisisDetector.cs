using Bot.Knowledge;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

public enum Risk { None, Crisis, CrisisForSomeoneElse, QuestionAboutSuicide, Distress }

/// <summary>
/// Whether a message suggests a risk of suicide or self-harm, by three layers: the patterns
/// (<see cref="CrisisPatterns"/>), the semantic layer (<see cref="CrisisExemplars"/>), and the conversation's own
/// context (in the supportive mode after crisis resources, distress is listened for too). A message any layer flags
/// gets the crisis reply. Every piece of a long message is judged on its own (<see cref="MessagePieces"/>).
/// </summary>
public sealed class CrisisDetector(CrisisExemplars exemplars, StaticExemplarScan scan, IOptionsMonitor<SafetyOptions> options, IOptionsMonitor<RetrievalOptions> retrieval)
{
    public Risk Assess(string text, bool supportive)
    {
        var whole = TextNormalizer.ForMatching(text);
        if (whole.Length == 0)
        {
            return Risk.None;
        }
        var pieces = MessagePieces.Split(text);
        var resolved = CrisisPatterns.IsClearlyResolved(whole);
        var pattern = false;
        // Each piece as the patterns read it, its explicit denials taken out; the semantic layer judges the same text.
        var read = new string[pieces.Count];
        var denied = new bool[pieces.Count];
        for (var i = 0; i < pieces.Count; i++)
        {
            var normalized = pieces[i].Text.Length == text.Length ? whole : TextNormalizer.ForMatching(pieces[i].Text);
            read[i] = CrisisPatterns.WithoutDenials(normalized);
            denied[i] = !ReferenceEquals(read[i], normalized);
            pattern |= (CrisisPatterns.IsCrisis(read[i]) && !resolved) || CrisisPatterns.IsSomeoneElseAtRisk(read[i]);
        }

        // The static table judges every piece (microseconds). Where semantic retrieval runs MiniLM anyway, a piece the
        // table does not rule out (its margin above SentenceGate) is judged again by MiniLM, which then decides.
        var useSentence = retrieval.CurrentValue.Semantic.Enabled && exemplars.SentenceReady;
        var o = options.CurrentValue;
        var figure = !pattern && CrisisPatterns.IsFigureOfSpeech(whole);
        var crisisMargin = double.MinValue;
        var distressMargin = double.MinValue;
        Exemplar? nearest = null;
        for (var i = 0; i < pieces.Count; i++)
        {
            // A sentence vector reads "no thoughts of hurting myself" as near "thoughts of hurting myself": judge what is left.
            var piece = denied[i] ? pieces[i] with { Text = read[i] } : pieces[i];
            // One or two words ("bye", "stop", a name), or words that are mostly not words ("blarg fnord wibble"), are too
            // little for a sentence vector to mean much: the patterns judge those.
            if (!Judgeable(piece.Text))
            {
                continue;
            }
            if (!scan.TryMeasure(piece.Text, out var measured))
            {
                continue;
            }
            var closeness = measured.Crisis;
            var bySentence = useSentence && (closeness.CrisisMargin >= o.SentenceGate || (supportive && closeness.DistressMargin >= o.SentenceGate));
            if (bySentence && exemplars.MeasureSentence(piece.Text) is { } refined)
            {
                closeness = refined;
            }
            else if (useSentence)
            {
                continue; // ruled out by the table
            }
            // A window cut out of a long sentence loses the words around it: it must be clearer to count.
            var margin = closeness.CrisisMargin - (piece.Window || figure ? o.DoubtMargin : 0);
            if (margin > crisisMargin)
            {
                crisisMargin = margin;
                nearest = closeness.NearestCrisis;
            }
            distressMargin = Math.Max(distressMargin, closeness.DistressMargin);
        }
        var sentenceMargin = exemplars.Quantized ? o.QuantizedSentenceMargin : o.SentenceMargin;
        var semantic = crisisMargin >= (useSentence ? sentenceMargin : o.StaticMargin) && !resolved;

        if (pattern && !semantic && CrisisPatterns.IsQuestionAboutSuicide(whole))
        {
            return Risk.QuestionAboutSuicide;
        }
        if (pattern || semantic)
        {
            var someoneElse = (CrisisPatterns.IsSomeoneElseAtRisk(whole) || (nearest?.Category == Exemplar.OtherPerson && CrisisPatterns.MentionsSomeoneElse(whole)))
                              && !CrisisPatterns.IsOwnRisk(whole);
            return someoneElse ? Risk.CrisisForSomeoneElse : Risk.Crisis;
        }
        if (supportive && (CrisisPatterns.IsDistress(whole) || distressMargin >= (useSentence ? o.SentenceDistressMargin : o.StaticDistressMargin)))
        {
            return Risk.Distress;
        }
        return Risk.None;
    }

    private static bool Judgeable(string piece)
    {
        var words = TextNormalizer.ForMatching(piece).Split(' ');
        var known = words.Count(Knowledge.RunTogetherWords.IsKnown);
        // Contact details ("Ines Okafor, ines@mail.example, 415 ...") are mostly not words: with an address or a number in it,
        // at least half the words must be real ones.
        var details = piece.Contains('@') || piece.Count(char.IsAsciiDigit) >= 3;
        return words.Length >= 3 && known >= 2 && (!details || known * 2 >= words.Length);
    }
}
