using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

/// <summary>
/// Gets the crisis detector ready at start-up instead of on the first visitor's message: the patterns' automata
/// (about 25 ms in the native build), the exemplars' static vectors, and, where semantic retrieval loads MiniLM,
/// the exemplars' MiniLM vectors once it has loaded (until then the static table judges).
/// </summary>
public sealed class SafetyWarmUp(CrisisDetector detector, CrisisExemplars exemplars, SemanticModels models, IOptions<Knowledge.RetrievalOptions> retrieval, ILogger<SafetyWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                exemplars.PrepareStatic();
                detector.Assess("warm up", supportive: true);
                if (retrieval.Value.Semantic.Enabled)
                {
                    await models.LoadSentenceAsync();
                    exemplars.PrepareSentence();
                }
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The crisis detector's semantic layer could not be prepared; the patterns still run");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
