using System.Text.Json.Nodes;

namespace Feedback.Integrations.Tests.Contract;

/// <summary>The contract fixtures (Contract/Fixtures): real request and response shapes of the Anyscale API, each with its source.</summary>
internal static class Fixtures
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Feedback.Integrations.Tests", "Contract", "Fixtures");

    /// <summary>The whole fixture (source, status or required, body).</summary>
    public static JsonObject Load(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name)))!;

    /// <summary>The fixture's body.</summary>
    public static JsonObject Body(string name) => (JsonObject)Load(name)["body"]!;

    /// <summary>The fixture's HTTP status.</summary>
    public static int Status(string name) => (int)Load(name)["status"]!;

    /// <summary>The fixture's required field paths (dotted).</summary>
    public static IReadOnlyList<string> Required(string name) => [.. ((JsonArray)Load(name)["required"]!).Select(n => (string)n!)];

    /// <summary>Asserts that <paramref name="actual"/> has exactly the fields of <paramref name="expected"/> (no field the real API lacks, none it has missing).</summary>
    public static void AssertSameFields(JsonObject expected, JsonNode? actual, string path)
    {
        JsonObject obj = Assert.IsType<JsonObject>(actual);
        string[] missing = [.. expected.Select(p => p.Key).Except(obj.Select(p => p.Key)).Order(StringComparer.Ordinal)];
        string[] invented = [.. obj.Select(p => p.Key).Except(expected.Select(p => p.Key)).Order(StringComparer.Ordinal)];
        Assert.True(missing.Length == 0 && invented.Length == 0, $"{path}: missing [{string.Join(", ", missing)}], not in the real API [{string.Join(", ", invented)}]");
    }

    /// <summary>Asserts that every field <paramref name="actual"/> sends exists in <paramref name="allowed"/>, recursively through objects.</summary>
    public static void AssertOnlyKnownFields(JsonObject allowed, JsonNode? actual, string path)
    {
        JsonObject obj = Assert.IsType<JsonObject>(actual);
        foreach (var (key, value) in obj)
        {
            Assert.True(allowed.ContainsKey(key), $"{path}.{key} is not a field of the real request");
            if (value is JsonObject inner && allowed[key] is JsonObject innerAllowed)
            {
                AssertOnlyKnownFields(innerAllowed, inner, $"{path}.{key}");
            }
            else if (value is JsonArray array && allowed[key] is JsonArray { Count: > 0 } allowedArray && allowedArray[0] is JsonObject itemAllowed)
            {
                foreach (JsonNode? item in array)
                {
                    AssertOnlyKnownFields(itemAllowed, item, $"{path}.{key}[]");
                }
            }
        }
    }

    /// <summary>Asserts every required dotted path is present and not null.</summary>
    public static void AssertRequiredPresent(IEnumerable<string> required, JsonNode body)
    {
        foreach (string path in required)
        {
            JsonNode? node = body;
            foreach (string part in path.Split('.'))
            {
                node = node?[part];
            }

            Assert.True(node is not null, $"required field {path} is missing or null");
        }
    }
}
