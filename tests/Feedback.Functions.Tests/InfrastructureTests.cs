using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests;

/// <summary>infra/main.bicep gives the Functions app every setting it reads, and no secret as a value.</summary>
public sealed partial class InfrastructureTests
{
    /// <summary>Settings the template leaves out on purpose, each with its reason.</summary>
    private static readonly Dictionary<string, string> NotInTemplate = new(StringComparer.Ordinal)
    {
        ["DataUpdate__Sources"] = "a list; its default (discord, twitch, api under sources/) is the product's",
        ["ObjectStore__Root"] = "the filesystem store is the embedded default; Azure uses S3",
        ["ObjectStore__ServiceUrl"] = "AWS S3 itself needs no endpoint; set it only for an S3-compatible store",
        ["Metrics__SqlitePath"] = "SQLite is the embedded sink; Azure uses Snowflake",
        ["Snowflake__PrivateKeyPath"] = "the key comes from Key Vault as Snowflake__PrivateKeyPem",
        ["Slack__AllowedHosts"] = "a list; its default (hooks.slack.com) is the only host a real webhook has",
    };

    private static string Template => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"));

    [Fact]
    public void FunctionsSettings_ListsEveryOptionsClassTheAppBinds()
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Kind"] = "Snowflake" });
        builder.AddFeedbackFunctions();

        Type[] bound = [.. builder.Services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("Feedback.", StringComparison.Ordinal) == true)
            .Distinct()];

        Assert.Equal(
            bound.Select(t => t.FullName).Order(StringComparer.Ordinal),
            FunctionsSettings.Options.Select(o => o.Options.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppSettings_Template_CoverEverySettingTheAppReads()
    {
        HashSet<string> inTemplate = AppSettingNames(Template);
        IEnumerable<string> read = FunctionsSettings.Options
            .SelectMany(o => Keys(o.Section, o.Options))
            .Concat(FunctionsSettings.HostSettings)
            .Where(k => !NotInTemplate.ContainsKey(k));

        string[] missing = [.. read.Where(k => !inTemplate.Contains(k))];
        Assert.True(missing.Length == 0, $"settings the app reads but the template does not set: {string.Join(", ", missing)}");
        Assert.All(NotInTemplate.Keys, k => Assert.Contains(k, FunctionsSettings.Options.SelectMany(o => Keys(o.Section, o.Options))));
    }

    [Fact]
    public void AppSettings_OneSettingRemoved_IsReportedMissing()
    {
        string template = Template;
        string withoutCron = Regex.Replace(template, @"^\s*Triggers__Schedule__Cron:.*$\n", string.Empty, RegexOptions.Multiline);

        Assert.Contains("Triggers__Schedule__Cron", AppSettingNames(template));
        Assert.DoesNotContain("Triggers__Schedule__Cron", AppSettingNames(withoutCron));
    }

    [Fact]
    public void Templates_Secrets_AreKeyVaultReferencesNeverLiterals()
    {
        string template = Template;
        foreach ((string name, string value) in AppSettings(template).Where(s => SecretName().IsMatch(s.Name)))
        {
            Assert.StartsWith("secret.", value, StringComparison.Ordinal);
        }

        Assert.Matches(@"anyscaleToken: '@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=anyscale-token\)'", template);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "infra"), "*", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"AccountKey=|SharedAccessSignature=|-----BEGIN|xox[bpa]-|hooks\.slack\.com/services/[A-Z0-9]", text);
        }
    }

    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            Type t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            string key = $"{prefix}__{property.Name}";
            if (t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(decimal))
            {
                yield return key;
            }
            else if (t.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(t))
            {
                foreach (string nested in Keys(key, t))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static HashSet<string> AppSettingNames(string template) => [.. AppSettings(template).Select(s => s.Name)];

    private static List<(string Name, string Value)> AppSettings(string template)
    {
        int start = template.IndexOf("var appSettings = {", StringComparison.Ordinal);
        int end = template.IndexOf("\n}", start, StringComparison.Ordinal);
        return [.. SettingLine().Matches(template[start..end]).Select(m => (m.Groups["name"].Value, m.Groups["value"].Value.Trim()))];
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*):\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex SettingLine();

    [GeneratedRegex("(Token|Secret|PrivateKey|Password|AccessKey|WebhookUrl)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
