using Bot.Conversation.Faq;
using Bot.Conversation.Safety;

namespace Bot.Conversation.Intake;

/// <summary>Small talk and questions in the middle of the form: answer, then ask again.</summary>
public sealed class IntakeInterruptions(FaqDialog faq, IntakeReplies words, Replies replies, IntakeAsker asker)
{
    /// <summary>False when the message is an answer, not an interruption.</summary>
    public bool TryAnswer(Turn turn, IntakeForm form, IntakeSlot? asking, IntakeContext ctx)
    {
        var (intent, _) = SmallTalk.Classify(turn.MatchText);
        // "call me" answers "how should we contact you?"; it is small talk only where no slot takes it.
        var answers = asking is not null && asking.Read(turn.Text, form, ctx) is SlotAnswer.Accepted;
        var said = intent switch
        {
            Intent.Thanks => words.YoureWelcome,
            Intent.Greeting => words.Hello,
            Intent.AreYouABot or Intent.Human when !answers => words.Bot,
            Intent.Assessment when !answers => words.AlreadyStarted,
            _ => null,
        };
        if (intent == Intent.Goodbye)
        {
            IntakeAsker.Save(turn, form);
            turn.Say(words.StillHere);
            return true;
        }
        if (said is not null)
        {
            asker.AskNext(turn, form, said);
            return true;
        }

        var question = IntakeExtractor.StartsLikeQuestion(turn.MatchText) || (turn.Text.Contains('?') && !answers);
        if (!question && !IntakeExtractor.AsksWhy(turn.MatchText))
        {
            return false;
        }
        var text = IntakeExtractor.QuestionText(turn.Text);
        if (IntakeExtractor.AsksWhy(turn.MatchText))
        {
            turn.Say(words.WhyWeAsk(ctx.PrivacyNoticeUrl));
        }
        else if (MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)))
        {
            turn.Say(replies.AdviceDeferral);
        }
        else
        {
            faq.Respond(turn, text);
        }
        if (form.Stage == IntakeStage.StaleCheck)
        {
            IntakeAsker.Save(turn, form);
            turn.Say(words.StaleUnclear, IntakeReplies.StaleButtons);
            return true;
        }
        asker.AskNext(turn, form, words.BackToRequest);
        return true;
    }
}
