namespace Feedback.Emulator;

/// <summary>Builds the emulator web application.</summary>
public static class EmulatorApp
{
    /// <summary>Builds the app from command-line arguments.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        return app;
    }
}
