using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

/// <summary>
/// Gets the crisis detector ready at start-up instead of on the first visitor's message: the patterns' automata
/// (about 25 ms in the native build, before the host starts), the exemplars' static vectors (the intent layer's too), and, where semantic
/// retrieval loads MiniLM, the exemplars' MiniLM vectors once it has loaded (until then the static table judges).
/// </summary>
public sealed class SafetyWarmUp(CrisisDetector detector, CrisisExemplars exemplars, StaticExemplarScan scan, SemanticModels models, IOptions<Knowledge.RetrievalOptions> retrieval, ILogger<SafetyWarmUp> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _warmUp = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Built here, not in the background: an instance whose crisis patterns cannot be built must not start (it
        // would answer every message with an error, and a caller waiting for the semantic layer would wait forever).
        CrisisPatterns.IsCrisis("warm up");
        _warmUp = Task.Run(async () =>
        {
            try
            {
                scan.Prepare();
                detector.Assess("warm up", supportive: true);
                if (retrieval.Value.Semantic.Enabled)
                {
                    await models.LoadSentenceAsync().WaitAsync(_stopping.Token);
                    _stopping.Token.ThrowIfCancellationRequested();
                    exemplars.PrepareSentence();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The crisis detector's semantic layer could not be prepared; the patterns still run");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits for the warm-up to let go of the models: the static table is memory-mapped, and a host stopped during
    /// start-up (a test, a quick restart) would otherwise unmap it under the running warm-up.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _warmUp;
    }
}
