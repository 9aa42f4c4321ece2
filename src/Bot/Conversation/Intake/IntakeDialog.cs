using Bot.Conversation.Faq;
using Bot.Conversation.Safety;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Intake;

/// <summary>
/// The free-assessment request as a forgiving form: each turn reads whatever details the message holds
/// (several at once, corrections at any point), answers questions in between, and asks for the next missing
/// detail; then a summary, then one request to staff. The slots themselves are declared in <see cref="IntakeSlots"/>.
/// Crisis is checked by <see cref="TurnHandler"/> before any of this runs.
/// </summary>
public sealed class IntakeDialog(
    FaqDialog faq,
    IntakeReplies words,
    Replies replies,
    IIntakeSubmitter submitter,
    IOptionsMonitor<IntakeOptions> options,
    TimeProvider time,
    ILogger<IntakeDialog> logger)
{
    public void Start(Turn turn)
    {
        var now = time.GetUtcNow();
        var form = new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now };
        turn.State = turn.State with { Misses = 0, Suggestions = [] };
        logger.LogInformation("Intake {FormId} started in conversation {ConversationId}", form.Id, turn.Incoming.Conversation?.Id);
        // "can someone call me? 415 555 0132" already holds a detail: take it.
        if (IntakeExtractor.Extract(turn.Text).Candidates.Count > 0)
        {
            Fill(turn, form, Context(now), prefix: words.Start, explicitOnly: true);
            return;
        }
        AskNext(turn, form, words.Start, "\n\n");
    }

    /// <summary>The visitor came back (page reload): pick up where they were, or ask first if the form went stale.</summary>
    public void Resume(Turn turn)
    {
        var form = turn.State.Intake!;
        if (IsStale(form, time.GetUtcNow()))
        {
            AskStale(turn, form);
            return;
        }
        AskNext(turn, form with { Stage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage }, words.WelcomeBack);
    }

    /// <summary>A second "confirm" after the request went (double click, retried post): the same reference, no new request.</summary>
    public bool TryRepeatReceipt(Turn turn)
    {
        if (turn.State is not { Intake: null, LastRequest: { } sent } || !IntakeExtractor.IsResend(turn.MatchText))
        {
            return false;
        }
        turn.Say(words.AlreadySent(sent.Reference));
        return true;
    }

    public async Task ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var form = turn.State.Intake!;
        var m = turn.MatchText;
        if (IntakeExtractor.IsCancel(m))
        {
            Abandon(turn, form, words.Cancelled);
            return;
        }
        if (IsStale(form, now))
        {
            AskStale(turn, form);
            return;
        }
        form = form with { LastActiveAt = now };
        var ctx = Context(now);
        switch (form.Stage)
        {
            case IntakeStage.StaleCheck:
                StaleAnswer(turn, form, ctx);
                return;
            case IntakeStage.Summary when IntakeExtractor.IsConfirm(m):
                await SubmitAsync(turn, form, cancellationToken);
                return;
            case IntakeStage.Summary when IntakeExtractor.IsEdit(m):
                Save(turn, form with { Stage = IntakeStage.ChoosingEdit });
                turn.Say(words.WhichEdit, IntakeSlots.Editable.Select(s => s.Label));
                return;
            case IntakeStage.Summary or IntakeStage.ChoosingEdit when m.Split(' ').Length <= 3 && IntakeExtractor.SlotNamed(m) is { } slot:
                AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = slot, FailedTries = 0 }, words.Sure);
                return;
        }
        Fill(turn, form, ctx, prefix: null, explicitOnly: false);
    }

    private void Fill(Turn turn, IntakeForm form, IntakeContext ctx, string? prefix, bool explicitOnly)
    {
        var asking = form.Stage == IntakeStage.Filling && !explicitOnly ? IntakeSlots.Next(form) : null;
        var found = IntakeExtractor.Extract(turn.Text);
        if (found.Candidates.Count == 0 && !explicitOnly)
        {
            if (found.EditRequest is { } edit)
            {
                AskNext(turn, form with { Stage = IntakeStage.Filling, Editing = edit, FailedTries = 0 }, words.Sure);
                return;
            }
            if (Interrupted(turn, form, asking, ctx))
            {
                return;
            }
            if (asking is null)
            {
                Save(turn, form);
                if (form.Stage == IntakeStage.ChoosingEdit)
                {
                    turn.Say(words.WhichEdit, IntakeSlots.Editable.Select(s => s.Label));
                    return;
                }
                ShowSummary(turn, form, words.SummaryHint);
                return;
            }
        }

        var echoes = new List<string>(prefix is null ? [] : [prefix]);
        (IntakeSlot Slot, string Reason)? failure = null;
        var answers = found.Candidates.Select(c => (Slot: IntakeSlots.Get(c.Slot), c.Text)).ToList();
        if (asking is not null && answers.All(a => a.Slot != asking) && (found.Remainder.Length > 0 || answers.Count == 0))
        {
            answers.Add((asking, found.Remainder));
        }
        // Echo in the order the form asks: "Thanks, Jane. I have … as your number."
        answers.Sort((a, b) => a.Slot.Id.CompareTo(b.Slot.Id));
        foreach (var (slot, text) in answers)
        {
            var updated = slot.IsAnswered(form);
            switch (slot.Read(text, form, ctx))
            {
                case SlotAnswer.Accepted accepted:
                    form = accepted.Form with
                    {
                        Editing = form.Editing == slot.Id ? null : form.Editing,
                        FailedTries = slot == asking ? 0 : form.FailedTries,
                    };
                    echoes.Add(slot.Echo(form, updated));
                    break;
                case SlotAnswer.Rejected rejected:
                    failure ??= (slot, rejected.Reason);
                    break;
                case SlotAnswer.Ends ends:
                    Abandon(turn, form, ends.Message);
                    return;
            }
        }

        if (failure is { } f)
        {
            var tries = f.Slot == asking ? form.FailedTries + 1 : 1;
            var text = Join(echoes.Append(f.Reason));
            if (tries >= options.CurrentValue.MaxTries)
            {
                text += "\n\n" + words.TooManyTries;
                tries = 0;
            }
            Save(turn, form with { Stage = IntakeStage.Filling, Editing = f.Slot == asking ? form.Editing : f.Slot.Id, FailedTries = tries });
            turn.Say(text, f.Slot.Ask(form, ctx).Buttons);
            return;
        }
        AskNext(turn, form with { Stage = IntakeStage.Filling }, Join(echoes));
    }

    /// <summary>Small talk and questions in the middle of the form: answer, then ask again. False when the message is an answer.</summary>
    private bool Interrupted(Turn turn, IntakeForm form, IntakeSlot? asking, IntakeContext ctx)
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
            Save(turn, form);
            turn.Say(words.StillHere);
            return true;
        }
        if (said is not null)
        {
            AskNext(turn, form, said);
            return true;
        }

        var question = IntakeExtractor.StartsLikeQuestion(turn.MatchText) || (turn.Text.Contains('?') && !answers);
        if (!question)
        {
            return false;
        }
        var text = IntakeExtractor.QuestionText(turn.Text);
        if (MedicalAdviceDetector.IsPersonalAdvice(TextNormalizer.ForMatching(text)))
        {
            turn.Say(replies.AdviceDeferral);
        }
        else
        {
            faq.Respond(turn, text);
        }
        if (form.Stage == IntakeStage.StaleCheck)
        {
            Save(turn, form);
            turn.Say(words.StaleUnclear, StaleButtons);
            return true;
        }
        AskNext(turn, form, words.BackToRequest);
        return true;
    }

    private void StaleAnswer(Turn turn, IntakeForm form, IntakeContext ctx)
    {
        if (IntakeExtractor.IsStartOver(turn.MatchText))
        {
            var now = time.GetUtcNow();
            turn.State = turn.State with { Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
            AskNext(turn, new IntakeForm { Id = Guid.NewGuid(), StartedAt = now, LastActiveAt = now }, words.StartingOver);
            return;
        }
        if (IntakeExtractor.IsContinue(turn.MatchText))
        {
            AskNext(turn, form with { Stage = form.ResumeStage == IntakeStage.ChoosingEdit ? IntakeStage.Summary : form.ResumeStage }, null);
            return;
        }
        if (!Interrupted(turn, form, null, ctx))
        {
            Save(turn, form);
            turn.Say(words.StaleUnclear, StaleButtons);
        }
    }

    private async Task SubmitAsync(Turn turn, IntakeForm form, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var conversationId = turn.Incoming.Conversation!.Id!;
        var now = time.GetUtcNow();
        var submission = new IntakeSubmission(
            IdempotencyKey: $"intake:{form.Id:n}",
            Name: form.Name!,
            Phone: form.Phone,
            Email: form.Email,
            PreferredContact: form.EffectiveContact!.Value.ToString().ToLowerInvariant(),
            BestTime: form.BestTime,
            Reason: form.Reason is { } r ? IntakeSlots.ReasonLabel(r) : null,
            Urgent: state.CrisisShown,
            ConsentAt: form.ConsentAt!.Value,
            PrivacyNoticeVersion: form.ConsentVersion!,
            ConversationId: conversationId,
            Channel: turn.Incoming.ChannelId ?? "unknown",
            Transcript: [.. state.Transcript, new TranscriptEntry(TranscriptEntry.Visitor, turn.Text, now)]);
        SubmittedRequest sent;
        try
        {
            sent = await submitter.SubmitAsync(submission, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The form stays, so "confirm" again retries with the same idempotency key.
            logger.LogError("Intake {FormId} could not be sent: {Error}", form.Id, ex.GetType().Name);
            Save(turn, form);
            turn.Say(words.SendFailed, [IntakeReplies.ConfirmButton, IntakeReplies.CancelButton]);
            return;
        }
        logger.LogInformation("Intake {FormId} sent as {Reference} (urgent: {Urgent}, new: {Created})", form.Id, sent.Reference, submission.Urgent, sent.Created);
        // Sent: the details now live with the handoff; the conversation keeps only the reference.
        turn.State = state with { Intake = null, LastRequest = new IntakeReceipt(form.Id, sent.Reference, now), Transcript = [] };
        turn.Say(words.Sent(form.FirstName ?? "", sent.Reference, form.EffectiveContact!.Value, form.BestTime,
            options.CurrentValue.ResponseTime, submission.Urgent));
    }

    private void AskNext(Turn turn, IntakeForm form, string? prefix, string separator = " ")
    {
        var lead = string.IsNullOrEmpty(prefix) ? "" : prefix + separator;
        if (IntakeSlots.Next(form) is not { } slot)
        {
            form = form with { Stage = IntakeStage.Summary };
            Save(turn, form);
            ShowSummary(turn, form, prefix);
            return;
        }
        Save(turn, form with { Stage = IntakeStage.Filling });
        var prompt = slot.Ask(form, Context(time.GetUtcNow()));
        turn.Say(lead + prompt.Text, prompt.Buttons);
    }

    private void ShowSummary(Turn turn, IntakeForm form, string? prefix)
    {
        var lines = IntakeSlots.All.Select(s => (s.Label, Value: s.Show(form))).Where(l => l.Value is not null).Select(l => (l.Label, l.Value!));
        var text = words.Summary(lines);
        turn.Say(string.IsNullOrEmpty(prefix) ? text : prefix + "\n\n" + text,
            [IntakeReplies.ConfirmButton, IntakeReplies.EditButton, IntakeReplies.CancelButton]);
    }

    private void AskStale(Turn turn, IntakeForm form)
    {
        Save(turn, form with
        {
            ResumeStage = form.Stage == IntakeStage.StaleCheck ? form.ResumeStage : form.Stage,
            Stage = IntakeStage.StaleCheck,
            LastActiveAt = time.GetUtcNow(),
        });
        turn.Say(words.Stale, StaleButtons);
    }

    /// <summary>Cancelled, under 18 or no consent: the form and everything said since it began are dropped.</summary>
    private void Abandon(Turn turn, IntakeForm form, string message)
    {
        logger.LogInformation("Intake {FormId} abandoned", form.Id);
        turn.State = turn.State with { Intake = null, Transcript = Transcript.Before(turn.State.Transcript, form.StartedAt) };
        turn.Say(message);
    }

    private bool IsStale(IntakeForm form, DateTimeOffset now) =>
        form.Stage != IntakeStage.StaleCheck && now - form.LastActiveAt > options.CurrentValue.StaleAfter;

    private static void Save(Turn turn, IntakeForm form) => turn.State = turn.State with { Intake = form };

    private static string Join(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0));

    private static readonly string[] StaleButtons = [IntakeReplies.ContinueButton, IntakeReplies.StartOverButton, IntakeReplies.CancelButton];

    private IntakeContext Context(DateTimeOffset now)
    {
        var o = options.CurrentValue;
        return new IntakeContext(o.DefaultRegion, o.PrivacyNoticeUrl, o.PrivacyNoticeVersion, now);
    }
}
