using AuthActors.Cli;

// Ctrl+C cancels the request in flight; the verb then stops without a stack trace.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await AdminCommandLine.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancellationToken: cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
