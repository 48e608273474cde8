using System.CommandLine;

namespace Feedback.Host.Cli;

/// <summary>The <c>feedback</c> command line: the main job and the operator verbs.</summary>
public static class FeedbackCommandLine
{
    /// <summary>Builds the command tree, writing to the given outputs.</summary>
    /// <param name="output">Where answers go.</param>
    /// <param name="error">Where failures go.</param>
    /// <param name="handler">The HTTP handler of the operator verbs (tests pass one).</param>
    public static RootCommand Build(TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        var root = new RootCommand("The feedback loop: player feedback in, versioned fine-tuning data, fine-tuned and evaluated models out.");
        root.Subcommands.Add(DataCommands.Build(output, error));
        root.Subcommands.Add(RunCommand.Build(output, error));
        root.Subcommands.Add(HostCommand.Build(error));
        OperatorCommands.AddTo(root, output, error, handler);
        return root;
    }
}
