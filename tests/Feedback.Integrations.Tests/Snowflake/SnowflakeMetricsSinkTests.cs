using System.Security.Cryptography;
using Feedback.Integrations.Snowflake;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Integrations.Tests.Snowflake;

public sealed class SnowflakeMetricsSinkTests : IAsyncLifetime
{
    private readonly RSA _key = RSA.Create(2048);
    private SnowflakeFake _fake = null!;
    private ServiceProvider _services = null!;

    private static readonly DataUpdateMetrics Run = new(
        "DataUpdate:run-1",
        "0123456789abcdef",
        new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
        [
            new SourceRunMetrics("discord", 355, 339, new Dictionary<string, long> { ["broken-json"] = 3, ["invalid-mr"] = 5 }, 6, 0, 333, 283),
            new SourceRunMetrics("twitch", 287, 287, new Dictionary<string, long>(), 7, 0, 280, 220),
        ]);

    public async Task InitializeAsync()
    {
        _fake = await SnowflakeFake.StartAsync(RSA.Create(_key.ExportParameters(false)), "MYORG-MYACCOUNT", "FEEDBACK_LOADER");
        _services = Build(_key.ExportPkcs8PrivateKeyPem());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
        _key.Dispose();
    }

    private ServiceProvider Build(string pem)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:Kind"] = "Snowflake",
            ["Snowflake:AccountUrl"] = _fake.Url.ToString(),
            ["Snowflake:Account"] = "myorg-myaccount.eu-west-1",
            ["Snowflake:User"] = "feedback_loader",
            ["Snowflake:PrivateKeyPem"] = pem,
            ["Snowflake:Database"] = "FEEDBACK",
            ["Snowflake:Schema"] = "METRICS",
            ["Snowflake:PollInterval"] = "00:00:00.010",
        }).Build();
        return new ServiceCollection().AddLogging().AddMetricsSink(configuration).BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public async Task RecordDataUpdateAsync_ValidKey_CreatesTablesOnceAndMergesWithBindings()
    {
        IMetricsSink sink = _services.GetRequiredService<IMetricsSink>();

        await sink.RecordDataUpdateAsync(Run);
        await sink.RecordDataUpdateAsync(Run with { RunId = "DataUpdate:run-2" });

        Assert.IsType<SnowflakeMetricsSink>(sink);
        Assert.Empty(_fake.Refusals);
        ReceivedStatement[] statements = [.. _fake.Statements];
        Assert.Equal(SnowflakeMetricsSink.SchemaStatements.Count, statements.Count(s => s.Statement.StartsWith("CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal)));
        Assert.All(statements, s => Assert.Equal(("FEEDBACK", "METRICS"), (s.Database, s.Schema)));
        Assert.Equal(statements.Length, statements.Select(s => s.RequestId).Distinct().Count());

        ReceivedStatement discord = statements.First(s => s.Statement.Contains("MERGE INTO DATA_UPDATE_RUNS", StringComparison.Ordinal));
        Assert.Equal(11, discord.Bindings.Count);
        Assert.Equal(("TEXT", "DataUpdate:run-1"), discord.Bindings["1"]);
        Assert.Equal(("TEXT", "discord"), discord.Bindings["2"]);
        Assert.Equal(("TEXT", "0123456789abcdef"), discord.Bindings["3"]);
        Assert.Equal(("FIXED", "355"), discord.Bindings["4"]);
        Assert.Equal(("FIXED", "8"), discord.Bindings["6"]);
        Assert.Equal(("FIXED", "283"), discord.Bindings["10"]);
        Assert.Equal(("TEXT", "2026-11-29T10:00:00.0000000+00:00"), discord.Bindings["11"]);

        Assert.Equal(2 * 2, statements.Count(s => s.Statement.Contains("MERGE INTO QUARANTINE_COUNTS", StringComparison.Ordinal)));
        Assert.Equal(2, statements.Count(s => s.Statement.Contains("MERGE INTO SOURCE_RECORD_COUNTS", StringComparison.Ordinal)));
        Assert.True(_fake.VerifiedTokens >= statements.Length);
    }

    [Fact]
    public async Task RecordStructuringAsync_Summary_MergesTheRunAndEachCountWithBindings()
    {
        IMetricsSink sink = _services.GetRequiredService<IMetricsSink>();
        var summary = new StructuringSummary("0123456789abcdef", "base:ds-1", new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero), 110, 104,
            new Dictionary<string, long> { ["inform"] = 60, ["request"] = 44 }, new Dictionary<string, long> { ["Myst"] = 3 }, new Dictionary<string, long> { ["good"] = 9 });

        await sink.RecordStructuringAsync(summary);

        Assert.Empty(_fake.Refusals);
        ReceivedStatement run = Assert.Single(_fake.Statements, s => s.Statement.Contains("MERGE INTO STRUCTURING_RUNS", StringComparison.Ordinal));
        Assert.Equal(("TEXT", "0123456789abcdef"), run.Bindings["1"]);
        Assert.Equal(("TEXT", "base:ds-1"), run.Bindings["2"]);
        Assert.Equal(("FIXED", "110"), run.Bindings["3"]);
        Assert.Equal(("FIXED", "104"), run.Bindings["4"]);
        ReceivedStatement[] counts = [.. _fake.Statements.Where(s => s.Statement.Contains("MERGE INTO STRUCTURED_COUNTS", StringComparison.Ordinal))];
        Assert.Equal(4, counts.Length);
        Assert.Contains(counts, c => c.Bindings["2"] == ("TEXT", "game") && c.Bindings["3"] == ("TEXT", "Myst") && c.Bindings["4"] == ("FIXED", "3"));
    }

    [Fact]
    public async Task RecordDataUpdateAsync_LongStatement_PollsItsStatusUntilDone()
    {
        _fake.AsyncWhen = "MERGE INTO SOURCE_RECORD_COUNTS";

        await _services.GetRequiredService<IMetricsSink>().RecordDataUpdateAsync(Run);

        // Every statement is submitted with async=true and read on its status URL; the long one takes one poll more.
        Assert.Equal(_fake.Statements.Count + 1, _fake.Polls);
    }

    [Fact]
    public async Task Requests_AsTheSqlApiDocumentsThem_UserAgentAsyncAndOneRunPerRequestId()
    {
        await _services.GetRequiredService<IMetricsSink>().RecordDataUpdateAsync(Run);

        Assert.NotEmpty(_fake.Statements);
        Assert.All(_fake.UserAgents, ua => Assert.StartsWith("feedback-loop/", ua, StringComparison.Ordinal));
        Assert.Equal(0, _fake.SynchronousSubmissions);
        Assert.Equal(0, _fake.DuplicateExecutions);
        Assert.Empty(_fake.Refusals);
    }

    [Fact]
    public async Task RecordDataUpdateAsync_SubmissionAnswerLost_ResubmitsWithRetryAndRunsItOnce()
    {
        _fake.DropNextAnswers(1);

        await _services.GetRequiredService<IMetricsSink>().RecordDataUpdateAsync(Run);

        Assert.Equal(1, _fake.Resubmissions);
        Assert.Equal(0, _fake.DuplicateExecutions);
        Assert.Equal(_fake.Statements.Count, _fake.Statements.Select(s => s.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task RecordDataUpdateAsync_SqlError_SurfacesCodeStateAndMessage()
    {
        _fake.FailWhen = "MERGE INTO SOURCE_RECORD_COUNTS";

        SnowflakeException e = await Assert.ThrowsAsync<SnowflakeException>(() => _services.GetRequiredService<IMetricsSink>().RecordDataUpdateAsync(Run));

        Assert.Equal(422, e.StatusCode);
        Assert.Equal("42S02", e.SqlState);
        Assert.Equal("002003", e.Code);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordDataUpdateAsync_UnregisteredKey_FailsWithAClearAuthenticationError()
    {
        using RSA other = RSA.Create(2048);
        await using ServiceProvider services = Build(other.ExportPkcs8PrivateKeyPem());

        SnowflakeException e = await Assert.ThrowsAsync<SnowflakeException>(() => services.GetRequiredService<IMetricsSink>().RecordDataUpdateAsync(Run));

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("key-pair JWT", e.Message, StringComparison.Ordinal);
        Assert.Contains("signature", _fake.Refusals);
        Assert.Empty(_fake.Statements);
    }

    [Fact]
    public void Token_Claims_NameAccountUserAndFingerprintAndExpireWithinAnHour()
    {
        using var jwt = new SnowflakeJwt(_key.ExportPkcs8PrivateKeyPem(), "myorg-myaccount.eu-west-1", "feedback_loader", TimeProvider.System);

        string[] parts = jwt.Token().Split('.');
        using var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));

        string fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));
        Assert.Equal($"MYORG-MYACCOUNT.FEEDBACK_LOADER.{fingerprint}", payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal("MYORG-MYACCOUNT.FEEDBACK_LOADER", payload.RootElement.GetProperty("sub").GetString());
        long lifetime = payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, 3600);
        Assert.Same(jwt.Token(), jwt.Token());
    }

    [Fact]
    public void AddMetricsSink_SnowflakeWithoutKey_FailsValidation()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:Kind"] = "Snowflake",
            ["Snowflake:AccountUrl"] = "https://x.snowflakecomputing.com",
            ["Snowflake:Account"] = "X",
            ["Snowflake:User"] = "U",
        }).Build();
        using ServiceProvider services = new ServiceCollection().AddLogging().AddMetricsSink(configuration).BuildServiceProvider();

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SnowflakeOptions>>().Value);
        Assert.Contains("PrivateKeyPem", string.Join(" ", e.Failures), StringComparison.Ordinal);
    }
}
