using Bot.Knowledge.Semantic;

namespace Bot.Tests.Knowledge;

/// <summary>With the question cache off, a turn still reads a text once: the crisis detector and retrieval share it.</summary>
public sealed class QuestionVectorCacheTests
{
    [Fact]
    public async Task WithTheCacheOffATextIsEncodedOncePerTurnAndAgainInTheNextTurn()
    {
        var cache = new QuestionVectorCache(capacity: 0);
        var encoded = 0;
        float[] Encode(string text)
        {
            encoded++;
            return [text.Length];
        }

        async Task Turn()
        {
            cache.BeginTurn();
            await Task.Yield(); // the turn's awaits keep its memo
            cache.GetOrAdd("will I be out of it", Encode);
            await Task.Yield();
            cache.GetOrAdd("will I be out of it", Encode);
        }

        await Turn();
        Assert.Equal(1, encoded);
        await Turn();
        Assert.Equal(2, encoded);
        cache.GetOrAdd("will I be out of it", Encode); // outside any turn (a command-line tool): no memo
        Assert.Equal(3, encoded);
    }
}
