using Bot.Conversation.Faq;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

/// <summary>
/// Which request, if any, a message makes: the patterns first (they say exactly what they match), then the semantic
/// layer for the wordings the patterns never saw.
/// </summary>
public sealed class RequestClassifier(StaticExemplarScan scan, FaqDialog faq, IOptionsMonitor<IntentOptions> options)
{
    private const string FreeAssessment = "free-assessment";

    /// <param name="matchText">The message as <see cref="TextNormalizer.ForMatching"/> gives it.</param>
    /// <param name="question">The visitor's own wording (after a stripped greeting, the rest of it).</param>
    public Request Classify(string matchText, string question)
    {
        if (MedicalAdviceDetector.IsDoseQuestion(matchText))
        {
            return Request.Dose;
        }
        if (MedicalAdviceDetector.IsPersonalAdvice(matchText))
        {
            return Request.Advice;
        }
        if (SmallTalk.AsksForSomething(matchText) && faq.TopEntryId(question) == FreeAssessment)
        {
            return Request.Booking;
        }
        // Whole, then sentence by sentence: "book me in. 20 yrs army, done waiting" asks in its first sentence only.
        var o = options.CurrentValue;
        foreach (var piece in MessagePieces.Split(question))
        {
            if (!piece.Window && piece.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= o.MinWords
                && scan.TryMeasure(piece.Text, out var measured) && o.Accepts(measured.Request))
            {
                return measured.Request.Nearest;
            }
        }
        return Request.General;
    }
}
