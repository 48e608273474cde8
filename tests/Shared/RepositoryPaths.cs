namespace Feedback.Testing;

internal static class RepositoryPaths
{
    /// <summary>The checkout's top folder (the one with Feedback.sln).</summary>
    public static string Root { get; } = Find();

    public static string Data => Path.Combine(Root, "data");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Feedback.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Feedback.sln not found above " + AppContext.BaseDirectory);
    }
}
