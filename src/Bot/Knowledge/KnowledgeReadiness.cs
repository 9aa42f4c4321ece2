namespace Bot.Knowledge;

/// <summary>
/// Two moments of the first knowledge build. <see cref="IsReady"/>: the Lucene index is built, so questions can be
/// answered (a turn that needs knowledge waits for this; a crisis message never does). <see cref="IsComplete"/>: the
/// semantic parts (static table, entry vectors) are in too, and answers are fused; on a fresh clone that is tens of
/// seconds later, so visitors are answered from Lucene meanwhile. /health says "degraded" until both.
/// </summary>
public sealed class KnowledgeReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public bool IsComplete => _complete.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) =>
        _ready.Task.IsCompletedSuccessfully ? Task.CompletedTask : _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Until the whole first build is done, so a rebuild that adds to it (attached phrasings) is not overwritten by it.</summary>
    public Task WaitCompleteAsync(CancellationToken cancellationToken) => _complete.Task.WaitAsync(cancellationToken);

    internal void Ready() => _ready.TrySetResult();

    internal void Complete()
    {
        _ready.TrySetResult();
        _complete.TrySetResult();
    }

    internal void Failed(Exception exception)
    {
        _ready.TrySetException(exception);
        _complete.TrySetException(exception);
    }
}
