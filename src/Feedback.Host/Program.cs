using Feedback.Host.Cli;

return await FeedbackCommandLine.Build(Console.Out, Console.Error).Parse(args).InvokeAsync();
