using System.Reflection;
using System.Text.Json;
using Feedback.Api;
using Feedback.Functions.Http;
using Feedback.Functions.Triggers;
using Feedback.Host.Hosting;
using Feedback.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Tests;

/// <summary>The Functions app's wiring, checked without the Functions host.</summary>
public sealed class FunctionsWiringTests
{
    [Fact]
    public void DurableMetadata_FunctionsApp_PublishesEveryPipelineTaskAsAFunction()
    {
        using IHost app = BuildFunctionsApp();

        IReadOnlyList<(string Name, string Trigger)> functions = DurableFunctions(app.Services.GetRequiredService<IOptions<DurableTaskRegistry>>());

        var expected = PipelineTasks.Orchestrators.Select(t => (t.Name, "orchestrationTrigger"))
            .Concat(PipelineTasks.Activities.Select(t => (t.Name, "activityTrigger")))
            .Order()
            .ToList();
        Assert.Equal(expected, functions.Order().ToList());
    }

    [Fact]
    public void Registries_FunctionsAppAndSelfHostedRuntime_RegisterTheSameTasks()
    {
        using IHost functionsApp = BuildFunctionsApp();
        WebApplication runtime = FeedbackRuntime.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:ApiKey"] = "wiring-test-key-0123456789" }));

        IReadOnlyList<(string Name, string Trigger)> inFunctions = DurableFunctions(functionsApp.Services.GetRequiredService<IOptions<DurableTaskRegistry>>());
        IReadOnlyList<(string Name, string Trigger)> inHost = DurableFunctions(runtime.Services.GetRequiredService<IOptions<DurableTaskRegistry>>());

        Assert.NotEmpty(inHost);
        Assert.Equal(inHost.Order().ToList(), inFunctions.Order().ToList());
    }

    [Fact]
    public void TriggerFunctions_Declared_BindTheSameSettingsAsTheHost()
    {
        Dictionary<string, MethodInfo> functions = Functions(typeof(TriggerFunctions));

        Assert.Equal(["BlobArrivalStart", "QueuedStart", "ScheduledStart"], functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("%Triggers:Schedule:Cron%", Trigger<TimerTriggerAttribute>(functions["ScheduledStart"]).Schedule);
        Assert.Equal("%Triggers:Queue:QueueName%", Trigger<QueueTriggerAttribute>(functions["QueuedStart"]).QueueName);
        Assert.Equal("%Triggers:Blob:Container%/%Triggers:Blob:Prefix%{name}", Trigger<BlobTriggerAttribute>(functions["BlobArrivalStart"]).BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, Trigger<BlobTriggerAttribute>(functions["BlobArrivalStart"]).Source);

        // No trigger function may shadow a task name: every name is one function.
        Assert.Empty(functions.Keys.Concat(Functions(typeof(ApiFunctions)).Keys).Intersect(PipelineTasks.Orchestrators.Concat(PipelineTasks.Activities).Select(t => t.Name)));
    }

    [Fact]
    public void HttpFunctions_Declared_ServeExactlyTheSelfHostedRuntimesProductRoutes()
    {
        WebApplication runtime = FeedbackRuntime.Build([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:ApiKey"] = "wiring-test-key-0123456789" }));
        var inHost = ((IEndpointRouteBuilder)runtime).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith(ApiRoutes.Api, StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var inFunctions = Functions(typeof(ApiFunctions)).Values
            .Select(Trigger<HttpTriggerAttribute>)
            .Select(t =>
            {
                Assert.Equal(AuthorizationLevel.Function, t.AuthLevel);
                return $"{t.Methods!.Single().ToUpperInvariant()} {ApiRoutes.Api}{t.Route}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(13, inHost.Count);
        Assert.Equal(inHost, inFunctions);
    }

    [Fact]
    public void FunctionsMetadata_BuildOutput_ListsTheTriggerFunctions()
    {
        string path = Path.Combine(RepositoryPaths.Root, "src", "Feedback.Functions", "bin", BuildConfiguration, "net10.0", "functions.metadata");
        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(path));

        var triggers = metadata.RootElement.EnumerateArray()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings")[0].GetProperty("type").GetString()!))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [("BlobArrivalStart", "blobTrigger"), ("GetDashboard", "httpTrigger"), ("GetHealth", "httpTrigger"), ("GetInstance", "httpTrigger"),
             ("GetLatestDataset", "httpTrigger"), ("GetLatestReport", "httpTrigger"), ("GetModels", "httpTrigger"), ("GetOpenApiDocument", "httpTrigger"),
             ("GetReport", "httpTrigger"), ("ListInstances", "httpTrigger"), ("PostFeedback", "httpTrigger"), ("QueuedStart", "queueTrigger"),
             ("RaiseEvent", "httpTrigger"), ("ScheduledStart", "timerTrigger"),
             ("SourceArrivalStart", "timerTrigger"), ("StartOrchestration", "httpTrigger"), ("StructureFeedback", "httpTrigger")],
            triggers);
    }

    [Fact]
    public void HostJson_CopiedToOutput_NamesTheTaskHubAndQueueSettings()
    {
        string path = Path.Combine(RepositoryPaths.Root, "src", "Feedback.Functions", "bin", BuildConfiguration, "net10.0", "host.json");
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement extensions = host.RootElement.GetProperty("extensions");

        Assert.Equal("FeedbackLoop", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", extensions.GetProperty("durableTask").GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.Equal(5, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "local.settings.sample.json")));
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static T Trigger<T>(MethodInfo method)
        where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).Single(a => a is not null)!;

    [Fact]
    public async Task EventQueue_IdentityBasedSettingsAsBicepWritesThem_UseTheManagedIdentityWithNoConnectionString()
    {
        // The settings infra/main.bicep gives the app for its storage: an account name, a managed identity, its client id.
        string bicep = File.ReadAllText(Path.Combine(Feedback.Testing.RepositoryPaths.Root, "infra", "main.bicep"));
        Assert.Contains("AzureWebJobsStorage__accountName: storage.name", bicep, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__credential: 'managedidentity'", bicep, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__clientId: identity.properties.clientId", bicep, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*AzureWebJobsStorage:", bicep);
        using IHost app = BuildFunctionsApp(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = null,
            ["AzureWebJobsStorage:accountName"] = "feedbackst123",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000042",
        });

        await app.Services.GetRequiredService<IAsyncStartupValidator>().ValidateAsync();
        var queue = Assert.IsType<Feedback.Integrations.Queues.AzureStorageEventQueueClient>(app.Services.GetRequiredService<Feedback.Pipeline.Ports.IEventQueueClient>());

        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(queue.Credential);
        Assert.Equal(new Uri("https://feedbackst123.queue.core.windows.net/"), queue.ServiceUri);
    }

    [Fact]
    public async Task EventQueue_NoStorageSettings_FailsStartNamingWhatToSetAndNeverFallsBackInProcess()
    {
        using IHost app = BuildFunctionsApp(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null });

        Exception e = await Assert.ThrowsAnyAsync<Exception>(async () => await app.Services.GetRequiredService<IAsyncStartupValidator>().ValidateAsync());
        InvalidOperationException resolved = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<Feedback.Pipeline.Ports.IEventQueueClient>());

        Assert.Contains("AzureWebJobsStorage__accountName", e.Message, StringComparison.Ordinal);
        Assert.Contains("no in-process queue", resolved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_ApplicationInsightsConfigured_TracesTheDurableTaskSourcesWithTheWorkersDefaults()
    {
        using IHost app = BuildFunctionsApp(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:9/",
        });

        OpenTelemetry.Trace.TracerProvider tracer = app.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>();
        using var listened = new System.Diagnostics.ActivitySource("Microsoft.DurableTask.Worker");

        Assert.NotNull(tracer);
        Assert.True(listened.HasListeners(), "the Durable Task SDK's activity source is not traced");
    }

    [Fact]
    public void Telemetry_NoExporterConfigured_StillBuildsWithoutAConnectionString()
    {
        using IHost app = BuildFunctionsApp();

        Assert.NotNull(app.Services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>());
    }

    private static Dictionary<string, MethodInfo> Functions(Type type) =>
        type.GetMethods()
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);

    private static IHost BuildFunctionsApp(Dictionary<string, string?>? settings = null)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder([]);
        Dictionary<string, string?> all = Feedback.Emulator.EmulatorDefaults.ClientSettings("https://console.anyscale.com", "wiring-token-0123456789");
        all["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        foreach (var (key, value) in settings ?? []) all[key] = value;
        builder.Configuration.AddInMemoryCollection(all);
        builder.AddFeedbackFunctions();
        return builder.Build();
    }

    /// <summary>Runs the Durable extension's metadata transformer over a registry: the functions the Functions host would index.</summary>
    private static List<(string Name, string Trigger)> DurableFunctions(IOptions<DurableTaskRegistry> registry)
    {
        Type transformerType = typeof(DurableClientAttribute).Assembly
            .GetType("Microsoft.Azure.Functions.Worker.Extensions.DurableTask.Execution.DurableMetadataTransformer", throwOnError: true)!;
        var transformer = (IFunctionMetadataTransformer)Activator.CreateInstance(transformerType, registry)!;
        var functions = new List<IFunctionMetadata>();
        transformer.Transform(functions);
        return functions
            .Select(f => (f.Name!, JsonDocument.Parse(f.RawBindings![0]).RootElement.GetProperty("type").GetString()!))
            .ToList();
    }
}
