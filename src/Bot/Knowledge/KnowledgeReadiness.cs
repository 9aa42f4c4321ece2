namespace Bot.Knowledge;

/// <summary>
/// Whether the first knowledge build is done (the Lucene index, and the entry vectors when semantic retrieval is
/// on). Hosted services start side by side, so the server takes connections while it runs: a turn that needs
/// knowledge waits here, a crisis message never does, and /health says "degraded" until then.
/// </summary>
public sealed class KnowledgeReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) =>
        _ready.Task.IsCompletedSuccessfully ? Task.CompletedTask : _ready.Task.WaitAsync(cancellationToken);

    internal void Ready() => _ready.TrySetResult();

    internal void Failed(Exception exception) => _ready.TrySetException(exception);
}
