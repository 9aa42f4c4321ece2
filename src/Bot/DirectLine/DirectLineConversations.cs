using System.Collections.Concurrent;
using System.Threading.Channels;
using Bot.Conversation;
using Bot.Logging;
using Bot.Protocol;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>What a stream pushes: stored activities (with watermarks) or a transient typing activity.</summary>
public sealed record StreamFrame(IReadOnlyList<StoredActivity> Stored, Activity? Transient = null, bool ReadStore = false)
{
    /// <summary>Activities were stored elsewhere (another instance): the stream reads the transcript after its watermark.</summary>
    public static StreamFrame Refresh { get; } = new([], ReadStore: true);
}

/// <summary>
/// The channel side of Direct Line: starts conversations, stores each visitor activity (the echo Web Chat
/// waits for), runs it through the turn pipeline one turn at a time per conversation, stores the replies
/// and pushes everything to the open streams.
/// </summary>
public sealed partial class DirectLineConversations
{
    public const string ChannelId = "directline";

    private readonly ConcurrentDictionary<string, LiveConversation> live = new(StringComparer.Ordinal);
    private readonly ITranscriptStore store;
    private readonly TurnHandler turns;
    private readonly IStreamRelay relay;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<DirectLineConversations> logger;
    private DateTimeOffset nextSweep = DateTimeOffset.UtcNow.AddMinutes(5);

    public DirectLineConversations(
        ITranscriptStore store,
        TurnHandler turns,
        IStreamRelay relay,
        IOptions<BotOptions> bot,
        IHostApplicationLifetime lifetime,
        ILogger<DirectLineConversations> logger)
    {
        this.store = store;
        this.turns = turns;
        this.relay = relay;
        this.lifetime = lifetime;
        this.logger = logger;
        Bot = new ChannelAccount(bot.Value.Id, bot.Value.Name, "bot");
        relay.Remote += OnRemote;
    }

    public ChannelAccount Bot { get; }

    /// <summary>Creates the conversation and sends the bot one conversationUpdate (bot and user joined); false if it already existed.</summary>
    public async Task<bool> StartAsync(string conversationId, string userId, string? locale, string serviceUrl)
    {
        await SweepIfDueAsync();
        if (!await store.CreateAsync(conversationId, CancellationToken.None))
        {
            return false;
        }
        var user = new ChannelAccount(userId, null, "user");
        var update = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = $"{conversationId}|start",
            Timestamp = DateTimeOffset.UtcNow,
            ChannelId = ChannelId,
            ServiceUrl = serviceUrl,
            Conversation = new ConversationAccount(conversationId),
            From = user,
            Recipient = Bot,
            Locale = locale,
            MembersAdded = [Bot, user],
        };
        // conversationUpdate is for the bot only: Direct Line never shows it to clients.
        await RunTurnAsync(conversationId, update, echo: false);
        return true;
    }

    public Task<bool> ExistsAsync(string conversationId) => store.ExistsAsync(conversationId, CancellationToken.None);

    /// <summary>Stores and answers one visitor activity; null when the conversation is unknown.</summary>
    public Task<string?> PostAsync(string conversationId, Activity incoming, string? clientAddress = null) =>
        RunTurnAsync(conversationId, incoming, echo: true, clientAddress);

    public Task<IReadOnlyList<StoredActivity>?> ReadAfterAsync(string conversationId, long watermark, CancellationToken cancellationToken) =>
        store.ReadAfterAsync(conversationId, watermark, cancellationToken);

    /// <summary>Frames published to the conversation from now on, until the subscription is disposed.</summary>
    public Subscription Subscribe(string conversationId)
    {
        var conversation = live.GetOrAdd(conversationId, _ => new LiveConversation());
        var channel = Channel.CreateUnbounded<StreamFrame>(new UnboundedChannelOptions { SingleReader = true });
        lock (conversation)
        {
            conversation.Streams.Add(channel.Writer);
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (conversation)
            {
                conversation.Streams.Remove(channel.Writer);
            }
            channel.Writer.TryComplete();
        });
    }

    private async Task<string?> RunTurnAsync(string conversationId, Activity incoming, bool echo, string? clientAddress = null)
    {
        // Turns finish even when the visitor's request is aborted, so the transcript never misses a reply.
        var stopping = lifetime.ApplicationStopping;
        var conversation = live.GetOrAdd(conversationId, _ => new LiveConversation());
        await conversation.Gate.WaitAsync(stopping);
        try
        {
            string? id = null;
            if (echo)
            {
                if (await store.AppendAsync(conversationId, [incoming], stopping) is not [var stored])
                {
                    return null;
                }
                Publish(conversation, new StreamFrame([stored]));
                incoming = stored.Activity;
                id = stored.Activity.Id;
            }
            if (incoming.Type == ActivityTypes.Message)
            {
                Publish(conversation, new StreamFrame([], ActivityFactory.Typing(incoming) with { From = Bot, Timestamp = DateTimeOffset.UtcNow }));
                relay.Announce(StreamChange.Typing, conversationId);
            }
            var replies = await HandleAsync(incoming, clientAddress, stopping);
            if (replies.Count > 0 && await store.AppendAsync(conversationId, replies.Select(r => Complete(r, incoming)).ToList(), stopping) is { } saved)
            {
                Publish(conversation, new StreamFrame(saved));
            }
            return id ?? conversationId;
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    private async Task<IReadOnlyList<Activity>> HandleAsync(Activity incoming, string? clientAddress, CancellationToken cancellationToken)
    {
        try
        {
            return await turns.HandleAsync(incoming, clientAddress, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An exception's message may quote what the visitor typed: it is classified, so sinks get it redacted.
            Log.TurnFailed(logger, incoming.Conversation?.Id, ex.GetType().Name, ex.Message, ex.StackTrace);
            return [ActivityFactory.Reply(incoming, DirectLineReplies.TurnFailed)];
        }
    }

    /// <summary>Typing announced by another instance, which keeps the visitor's message to itself.</summary>
    private Activity RemoteTyping(string conversationId) => new()
    {
        Type = ActivityTypes.Typing,
        ChannelId = ChannelId,
        Conversation = new ConversationAccount(conversationId),
        From = Bot,
        Timestamp = DateTimeOffset.UtcNow,
    };

    /// <summary>Another instance stored activities or is typing: this instance's streams of that conversation hear of it.</summary>
    private void OnRemote(StreamChange change, string? conversationId)
    {
        if (conversationId is null)
        {
            foreach (var conversation in live.Values)
            {
                Publish(conversation, StreamFrame.Refresh);
            }
        }
        else if (live.TryGetValue(conversationId, out var conversation))
        {
            Publish(conversation, change == StreamChange.Typing ? new StreamFrame([], RemoteTyping(conversationId)) : StreamFrame.Refresh);
        }
    }

    /// <summary>Fills in what the channel owns on a bot reply (Web Chat places activities by from.role).</summary>
    private Activity Complete(Activity reply, Activity incoming) => reply with
    {
        ChannelId = ChannelId,
        Conversation = incoming.Conversation,
        ServiceUrl = incoming.ServiceUrl,
        From = reply.From is { Id.Length: > 0 } sender ? sender with { Role = "bot", Name = sender.Name ?? Bot.Name } : Bot,
        Recipient = reply.Recipient is { } to ? to with { Role = "user" } : incoming.From,
    };

    /// <summary>Forgets the gates of conversations whose transcripts have expired and that nobody is watching.</summary>
    private async Task SweepIfDueAsync()
    {
        if (DateTimeOffset.UtcNow < nextSweep)
        {
            return;
        }
        nextSweep = DateTimeOffset.UtcNow.AddMinutes(5);
        foreach (var (id, conversation) in live)
        {
            bool idle;
            lock (conversation)
            {
                idle = conversation.Streams.Count == 0 && conversation.Gate.CurrentCount == 1;
            }
            if (idle && !await store.ExistsAsync(id, CancellationToken.None))
            {
                live.TryRemove(new KeyValuePair<string, LiveConversation>(id, conversation));
            }
        }
    }

    private static void Publish(LiveConversation conversation, StreamFrame frame)
    {
        lock (conversation)
        {
            foreach (var stream in conversation.Streams)
            {
                stream.TryWrite(frame);
            }
        }
    }

    public sealed class Subscription(ChannelReader<StreamFrame> frames, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StreamFrame> Frames { get; } = frames;

        public void Dispose() => unsubscribe();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in Direct Line conversation {ConversationId}: {ErrorType}: {ErrorMessage}\n{StackTrace}")]
        public static partial void TurnFailed(ILogger logger, string? conversationId, string errorType, [VisitorText] string errorMessage, string? stackTrace);
    }

    private sealed class LiveConversation
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public List<ChannelWriter<StreamFrame>> Streams { get; } = [];
    }
}

/// <summary>The channel's own wording (the bot's wording lives in the conversation core).</summary>
public static class DirectLineReplies
{
    public const string TurnFailed = "Sorry, something went wrong on our side. Please try again in a moment, or call us at +1 (888) 803-3375.";
}
