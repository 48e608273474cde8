using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Feedback.Host.Tests;

/// <summary>
/// Every README command that starts something, run exactly as the README writes it (the same text through
/// <c>bash -c</c>, from the repository's root, on the ports the README uses): a README line that no longer works fails
/// here. Placeholders the reader fills in (<c>&lt;key&gt;</c>, <c>&lt;16+ chars&gt;</c>, <c>$KEY</c>) get a test key.
/// </summary>
[Collection(FullLoopRuns.Name)]
public sealed class ReadmeCommandTests
{
    private const string Key = "readme-commands-key-0123456789";
    private static readonly TimeSpan LoopTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task MainJob_RunAsWritten_CompletesTheLoop()
    {
        await using ShellCommand run = ShellCommand.Start(ReadmeText.Inline("dotnet run --project src/Feedback.Host -- run"));

        int code = await run.WaitForExitAsync(LoopTimeout);

        Assert.True(code == 0, $"`{run.Command}` exited {code}:\n{run.Output}");
        Assert.Contains("loop completed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealDataRun_RunAsWritten_CompletesTheLoopOnRealViggo()
    {
        await using ShellCommand run = ShellCommand.Start(ReadmeText.CodeLine("dotnet run --project src/Feedback.Host -- run --viggo ../shared/data/viggo"));

        int code = await run.WaitForExitAsync(LoopTimeout);

        Assert.True(code == 0, $"`{run.Command}` exited {code}:\n{run.Output}");
        Assert.Contains("The loop, on real ViGGO data", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurableRun_EmulatorsAndRunAsWritten_CompleteTheLoopOnAzuriteAndS3()
    {
        await using ShellCommand emulators = ShellCommand.Start(ReadmeText.CodeLine("npx azurite --inMemoryPersistence --skipApiVersionCheck &  mkdir"));
        await WaitForPortsAsync(emulators, 10000, 10001, 10002, 4568);
        await using ShellCommand run = ShellCommand.Start(ReadmeText.CodeLine("dotnet run --project src/Feedback.Host -- run --backend azure-storage"));

        int code = await run.WaitForExitAsync(LoopTimeout);

        Assert.True(code == 0, $"`{run.Command}` exited {code}:\n{run.Output}\n-- emulators:\n{emulators.Output}");
        Assert.Contains("loop completed", run.Output, StringComparison.Ordinal);
        Assert.Contains("the Azure Storage durable backend, S3 at http://127.0.0.1:4568", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViggoImport_RunAsWritten_WritesTheCuratedHundredThenTheRest()
    {
        DirectoryInfo store = Directory.CreateTempSubdirectory("feedback-readme-viggo-");
        try
        {
            var environment = new Dictionary<string, string> { ["ObjectStore__Root"] = store.FullName };
            await using ShellCommand first = ShellCommand.Start(ReadmeText.CodeLine("dotnet run --project src/Feedback.Host -- data import viggo --from ../shared/data/viggo/train.jsonl --take 100"), environment);
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, first.Output);
            await using ShellCommand rest = ShellCommand.Start(ReadmeText.CodeLine("dotnet run --project src/Feedback.Host -- data import viggo --from ../shared/data/viggo/train.jsonl --skip 100"), environment);
            Assert.True(await rest.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, rest.Output);

            string[] exports = [.. Directory.GetFiles(Path.Combine(store.FullName, "sources", "viggo")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
            Assert.Equal(["train-1-100.jsonl", "train-101-5096.jsonl"], exports);
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EmbeddedHost_RunAsWrittenThenTheRuntimeCheckCurl_CompletesTheCheck()
    {
        await using ShellCommand host = ShellCommand.Start(Fill(ReadmeText.Inline("Api__ApiKey=<16+ chars> dotnet run --project src/Feedback.Host -- host")));
        await RuntimeCheckThroughCurlAsync(host);
    }

    [Fact]
    public async Task DurableHost_AzuriteAndHostRunAsWrittenThenTheRuntimeCheckCurl_CompletesTheCheck()
    {
        await using ShellCommand azurite = ShellCommand.Start(ReadmeText.Inline("npx azurite --inMemoryPersistence --skipApiVersionCheck &"));
        await WaitForPortsAsync(azurite, 10000, 10001, 10002);
        await using ShellCommand host = ShellCommand.Start(Fill(ReadmeText.Inline("Api__ApiKey=<key> AzureWebJobsStorage=UseDevelopmentStorage=true dotnet run --project src/Feedback.Host -- host --backend azure-storage")));
        await RuntimeCheckThroughCurlAsync(host);
    }

    [Fact]
    public async Task Emulator_RunAsWritten_AnswersOnItsPort()
    {
        await using ShellCommand emulator = ShellCommand.Start(ReadmeText.Inline("dotnet run --project src/Feedback.Emulator -- --urls http://127.0.0.1:5181"));
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5181"), Timeout = TimeSpan.FromSeconds(10) };

        // Without the platform's token the emulator refuses, as the real API does: it is up and guarding its routes.
        int status = await WithOutputAsync(emulator, () => Wait.UntilAsync(() => StatusAsync(http, "/api/v2/decorated_ha_jobs/create"), s => s != 0, TimeSpan.FromMinutes(3), "the emulator on port 5181"));

        Assert.Equal(401, status);
    }

    private static string Fill(string command) =>
        command.Replace("<16+ chars>", Key, StringComparison.Ordinal).Replace("<key>", Key, StringComparison.Ordinal);

    /// <summary>Waits for the host on the README's port, then runs the README's curl line with <c>KEY</c> set and follows the instance to its end.</summary>
    private static async Task RuntimeCheckThroughCurlAsync(ShellCommand host)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://localhost:5000"), Timeout = TimeSpan.FromSeconds(10) };
        await WithOutputAsync(host, () => Wait.UntilAsync(() => StatusAsync(http, "/api/health", get: true), s => s == 200, TimeSpan.FromMinutes(3), "the host's health on port 5000"));

        // The product's runtime does not carry the demo's Anyscale emulator into its process.
        JsonElement health = await http.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.False(health.GetProperty("checks").GetProperty("durable").GetProperty("data").GetProperty("demoEmulatorLoaded").GetBoolean());

        await using ShellCommand curl = ShellCommand.Start(ReadmeText.CodeLine("curl -X POST -H \"x-functions-key: $KEY\""), new Dictionary<string, string> { ["KEY"] = Key });
        Assert.Equal(0, await curl.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        // The output holds curl's stderr too, line by line in arrival order: its progress meter may come after the body,
        // so only the one JSON value that starts at the body's first brace is read.
        var body = new Utf8JsonReader(Encoding.UTF8.GetBytes(curl.Output[curl.Output.IndexOf('{', StringComparison.Ordinal)..]));
        string id = JsonElement.ParseValue(ref body).GetProperty("id").GetString()!;

        JsonElement done = await InstanceStatus.WaitAsync(http, id, s => s.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated", TimeSpan.FromMinutes(2));
        Assert.True(done.GetProperty("runtimeStatus").GetString() == "Completed", done.ToString());
    }

    private static async Task<int> StatusAsync(HttpClient http, string path, bool get = false)
    {
        try
        {
            using HttpResponseMessage response = get ? await http.GetAsync(path) : await http.PostAsJsonAsync(path, new { });
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Runs a wait; when it times out, the failure shows what the command printed.</summary>
    private static async Task<T> WithOutputAsync<T>(ShellCommand command, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n`{command.Command}` said:\n{command.Output}", e);
        }
    }

    private static Task<bool> WaitForPortsAsync(ShellCommand owner, params int[] ports) => WithOutputAsync(owner, () => Wait.UntilAsync(
            async () =>
            {
                foreach (int port in ports)
                {
                    using var client = new TcpClient();
                    try
                    {
                        await client.ConnectAsync("127.0.0.1", port);
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                }

                return true;
            },
            ok => ok,
            TimeSpan.FromMinutes(2),
            $"ports {string.Join(", ", ports)}"));
}
