using Bot.Conversation;
using Bot.Conversation.Intake;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Conversation;

/// <summary>The in-memory store on its own: what goes in comes back, through rewrites, removals, rotation and expiry.</summary>
public class ConversationStateStoreTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    private InMemoryConversationStateStore Store(int maxConversations) =>
        new(clock, Options.Create(new ConversationOptions { MaxConversations = maxConversations }));

    [Fact]
    public async Task EveryConversationReadsBackItsLatestStateThroughManyRewritesOfChangingSize()
    {
        // Sizes from a few bytes to several kilobytes, rewritten and removed thousands of times (each write frees
        // the state it replaces); a reference dictionary says what each conversation must read back.
        var store = Store(maxConversations: 1_000_000);
        var expected = new Dictionary<string, string>();
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var id = "c" + random.Next(300);
            if (random.Next(20) == 0)
            {
                await store.RemoveAsync(id, default);
                expected.Remove(id);
                continue;
            }
            var topic = $"{i}:" + new string((char)('a' + random.Next(26)), random.Next(1, 6000));
            await store.SetAsync(id, new ConversationState { LastTopicId = topic, Misses = i % 3 }, default);
            expected[id] = topic;
        }
        for (var n = 0; n < 300; n++)
        {
            var id = "c" + n;
            var state = await store.GetAsync(id, default);
            Assert.Equal(expected.GetValueOrDefault(id), state?.LastTopicId);
        }
    }

    [Fact]
    public async Task PastTheLimitTheLeastRecentlyActiveAreForgottenButNotAHalfFilledForm()
    {
        var store = Store(maxConversations: 10);
        var form = new IntakeForm { Id = Guid.NewGuid(), StartedAt = clock.GetUtcNow(), LastActiveAt = clock.GetUtcNow() };
        await store.SetAsync("filling", new ConversationState { Intake = form, LastTopicId = "mid-form" }, default);
        await store.SetAsync("first", new ConversationState { LastTopicId = "first" }, default);
        for (var i = 0; i < 40; i++)
        {
            await store.SetAsync("visitor" + i, new ConversationState { LastTopicId = "v" + i }, default);
        }
        Assert.Null(await store.GetAsync("first", default));
        Assert.Equal("mid-form", (await store.GetAsync("filling", default))?.LastTopicId);
        Assert.Equal(form.Id, (await store.GetAsync("filling", default))?.Intake?.Id);
        Assert.Equal("v39", (await store.GetAsync("visitor39", default))?.LastTopicId);
    }

    [Fact]
    public async Task AFloodOfStartedFormsIsBoundedAndKeepsTheMostRecentlyActiveForms()
    {
        // A script (or the soak's load) starting the form in conversation after conversation: kept for the whole
        // TTL, they grew memory without bound. Past half the limit the least recently active forms go.
        var store = Store(maxConversations: 10);
        for (var i = 0; i < 200; i++)
        {
            var form = new IntakeForm { Id = Guid.NewGuid(), StartedAt = clock.GetUtcNow(), LastActiveAt = clock.GetUtcNow() };
            await store.SetAsync("form" + i, new ConversationState { Intake = form, LastTopicId = "f" + i }, default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var kept = 0;
        for (var i = 0; i < 200; i++)
        {
            kept += await store.GetAsync("form" + i, default) is null ? 0 : 1;
        }
        Assert.InRange(kept, 5, 15);
        Assert.Null(await store.GetAsync("form0", default));
        Assert.Equal("f199", (await store.GetAsync("form199", default))?.LastTopicId);
        Assert.Equal("f195", (await store.GetAsync("form195", default))?.LastTopicId);
    }

    [Fact]
    public async Task AnIdleConversationExpiresAfterTheTimeToLive()
    {
        var store = Store(maxConversations: 100);
        await store.SetAsync("idle", new ConversationState { LastTopicId = "x" }, default);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("x", (await store.GetAsync("idle", default))?.LastTopicId);
        clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Null(await store.GetAsync("idle", default));
    }
}
