namespace Bot.Conversation;

/// <summary>Everything the bot remembers about one conversation between turns. Saved once per turn.</summary>
public sealed record ConversationState
{
    public bool WelcomeSent { get; init; }

    /// <summary>The visitor has sent a message: the insights count a conversation once, at its first.</summary>
    public bool MessageSeen { get; init; }

    /// <summary>Consecutive turns the bot could not answer (fallback or an unanswered "did you mean").</summary>
    public int Misses { get; init; }

    public string? LastTopicId { get; init; }

    /// <summary>Entry ids offered in the last "did you mean", so a typed or clicked pick resolves to them.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>Crisis resources were shown in this conversation (an intake completed later is flagged urgent).</summary>
    public bool CrisisShown { get; init; }

    /// <summary>Turns left in the supportive mode that follows crisis resources (renewed by each supportive reply).</summary>
    public int SupportiveTurnsLeft { get; init; }

    /// <summary>The assessment request being filled in, if any.</summary>
    public Intake.IntakeForm? Intake { get; init; }

    /// <summary>The last request this conversation sent, so a repeated "confirm" shows its reference instead of sending twice.</summary>
    public Intake.IntakeReceipt? LastRequest { get; init; }

    /// <summary>Recent messages of this conversation, bounded: staff see them with a request (see <see cref="Conversation.Transcript"/>).</summary>
    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];

    /// <summary>The last few cited answers, so a vote on one of them is stored with its question and score.</summary>
    public IReadOnlyList<Insights.AnswerShown> RecentAnswers { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>How long an idle conversation's state is kept.</summary>
    public TimeSpan StateTimeToLive { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Most conversations the in-memory store keeps; past it the least recently active are forgotten first
    /// (not one in the middle of the assessment form, unless more than half this many are mid-form at once),
    /// so a flood of one-message visitors or of started forms (or a script) cannot grow memory without bound.
    /// A state is about a kilobyte or two.
    /// </summary>
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Longest visitor message the bot reads; the rest is ignored (the body limit guards the wire).</summary>
    public int MaxTextLength { get; set; } = 2000;

    public string Phone { get; set; } = "+1 (888) 803-3375";

    /// <summary>How many turns after crisis resources stay in the supportive mode (conversation.md).</summary>
    public int SupportiveTurns { get; set; } = 5;
}

/// <summary>Conversation state by conversation id. In memory by default; a shared database can replace it for several instances.</summary>
public interface IConversationStateStore
{
    /// <summary>
    /// Loads the state for one turn, which saves at most once through the returned handle. A store shared by
    /// several instances also keeps the conversation's other turns (on any instance) waiting until it is disposed.
    /// </summary>
    ValueTask<ConversationStateTurn> BeginTurnAsync(string conversationId, CancellationToken cancellationToken);

    ValueTask<ConversationState?> GetAsync(string conversationId, CancellationToken cancellationToken);
    ValueTask SetAsync(string conversationId, ConversationState state, CancellationToken cancellationToken);
    ValueTask RemoveAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>One turn's view of a conversation's state: loaded when the turn begins, saved once when it ends.</summary>
public abstract class ConversationStateTurn : IAsyncDisposable
{
    public abstract ConversationState? State { get; }

    public abstract ValueTask SaveAsync(ConversationState state, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Turns of one conversation run one at a time (a double-click must not race the state).</summary>
public sealed class ConversationLocks
{
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<IDisposable> AcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(conversationId) % (uint)_stripes.Length];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    private sealed class Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
