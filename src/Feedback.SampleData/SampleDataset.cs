using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedback.Core.FineTuning;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.SampleData;

/// <summary>
/// Builds the project's data set: disjoint curated, expansion and test sets, Discord and Twitch exports
/// carrying the expansion (with unlabelled rows, duplicates and a file of malformed rows), a later export,
/// and <c>expected.json</c> with the exact counts an ingestion must find.
/// </summary>
public static class SampleDataset
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day8 = new(2026, 11, 8, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Generates every file.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(SampleDataOptions? options = null)
    {
        options ??= new SampleDataOptions();
        var random = new Random(options.Seed);
        var generator = new UtteranceGenerator(random);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenText = new HashSet<string>(StringComparer.Ordinal);

        List<LabelledText> Draw(int count, bool coverEveryAct)
        {
            var items = new List<LabelledText>(count);
            var acts = coverEveryAct ? Enum.GetValues<DialogueAct>().SelectMany(a => Enumerable.Repeat(a, 3)).ToList() : [];
            while (items.Count < count)
            {
                var act = items.Count < acts.Count ? acts[items.Count] : generator.NextAct();
                var example = generator.Next(act);
                var text = FeedbackText.Normalize(example.Text).ToLowerInvariant();
                // Disjoint by content key and by text: no test text ever appears in training data.
                if (!seenText.Add(text) || !seen.Add(FeedbackText.ContentKey(example.Text, example.Mr))) continue;
                items.Add(example with { Text = FeedbackText.Normalize(example.Text) });
            }
            return items;
        }

        var test = Draw(options.Test, coverEveryAct: true);
        var curated = Draw(options.Curated, coverEveryAct: true);
        var expansion = Draw(options.Expansion, coverEveryAct: true);
        var arrivals = Draw(options.Arrivals, coverEveryAct: false);
        var unlabelled = Draw(options.Unlabelled, coverEveryAct: false).Select(e => e.Text).ToList();

        var files = new List<GeneratedFile>
        {
            Pairs("curated/train-100.jsonl", curated),
            Pairs("expansion/train-500.jsonl", expansion),
            Pairs("test/test.jsonl", test),
        };

        var discordShare = expansion.Count * 56 / 100;
        var discordRows = expansion.Take(discordShare).ToList();
        var twitchRows = expansion.Skip(discordShare).ToList();
        var discordUnlabelled = unlabelled.Take(unlabelled.Count / 2 - 10).ToList();
        var twitchUnlabelled = unlabelled.Skip(unlabelled.Count / 2 - 10).Take(unlabelled.Count / 2).ToList();
        var arrivalsUnlabelled = unlabelled.Skip(discordUnlabelled.Count + twitchUnlabelled.Count).ToList();

        var expected = new JsonObject();

        // Discord, day 1: labelled and unlabelled messages, plus exact re-posts (same text and label, new id).
        var discord = new DiscordExport(random, Day1, "1161452210842759218", "1161452211509645402");
        var dDuplicates = discordRows.Take(6).ToList();
        var dLines = Interleave(random,
            discordRows.Select(r => discord.Message(r.Text, r.Mr)).Concat(discordUnlabelled.Select(t => discord.Message(t, null))).ToList(),
            dDuplicates.Select(r => discord.Message(r.Text.ToUpperInvariant(), r.Mr)).ToList());
        files.Add(new("sources/discord/2026-11-01.jsonl", Lines(dLines)));
        expected["sources/discord/2026-11-01.jsonl"] = Expect(dLines.Count, discordRows.Count + dDuplicates.Count, discordUnlabelled.Count, dDuplicates.Count, new());

        // Twitch, day 1: as above, plus re-posts of Discord messages (cross-source duplicates).
        var twitch = new TwitchExport(random, Day1.AddHours(3));
        var tDuplicates = twitchRows.Take(4).ToList();
        var crossSource = discordRows.Skip(10).Take(3).ToList();
        var tLines = Interleave(random,
            twitchRows.Select(r => twitch.Message(r.Text, r.Mr)).Concat(twitchUnlabelled.Select(t => twitch.Message(t, null))).ToList(),
            tDuplicates.Concat(crossSource).Select(r => twitch.Message("  " + r.Text + " ", r.Mr)).ToList());
        files.Add(new("sources/twitch/2026-11-01.jsonl", Lines(tLines)));
        expected["sources/twitch/2026-11-01.jsonl"] = Expect(tLines.Count, twitchRows.Count + tDuplicates.Count + crossSource.Count, twitchUnlabelled.Count,
            tDuplicates.Count + crossSource.Count, new());

        // Discord, day 2: a rough export holding the malformed rows the quarantine must catch, between good ones.
        var (roughLines, roughGood, reasons) = RoughExport(discord, curated[0]);
        files.Add(new("sources/discord/2026-11-02.jsonl", Lines(roughLines)));
        expected["sources/discord/2026-11-02.jsonl"] = Expect(roughLines.Count, roughGood, 0, 0, reasons);

        // A later Discord export, for the second data update: only new records.
        var later = new DiscordExport(random, Day8, "1161452210842759218", "1161452211509645402");
        var aLines = arrivals.Select(r => later.Message(r.Text, r.Mr)).Concat(arrivalsUnlabelled.Select(t => later.Message(t, null))).ToList();
        files.Add(new("arrivals/discord/2026-11-08.jsonl", Lines(aLines)));
        expected["arrivals/discord/2026-11-08.jsonl"] = Expect(aLines.Count, arrivals.Count, arrivalsUnlabelled.Count, 0, new());

        expected["totals"] = new JsonObject
        {
            ["curated"] = curated.Count,
            ["expansion"] = expansion.Count,
            ["test"] = test.Count,
            ["arrivals"] = arrivals.Count,
            ["distinctLabelledInSources"] = expansion.Count + roughGood,
            ["distinctUnlabelledInSources"] = discordUnlabelled.Count + twitchUnlabelled.Count,
        };
        files.Add(new("expected.json", expected.ToJsonString(new JsonSerializerOptions(Json) { WriteIndented = true }) + "\n"));
        return files;
    }

    private static JsonObject Expect(int rows, int labelled, int unlabelled, int duplicates, Dictionary<string, int> quarantined)
    {
        var q = new JsonObject();
        foreach (var (reason, count) in quarantined.OrderBy(r => r.Key, StringComparer.Ordinal)) q[reason] = count;
        return new JsonObject
        {
            ["rows"] = rows,
            ["labelled"] = labelled,
            ["unlabelled"] = unlabelled,
            ["duplicatesWithinSources"] = duplicates,
            ["quarantined"] = q,
        };
    }

    private static (List<string> Lines, int Good, Dictionary<string, int> Reasons) RoughExport(DiscordExport discord, LabelledText curatedExample)
    {
        var lines = new List<string>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        void Bad(string reason, string line)
        {
            lines.Add(line);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }
        string Good(string text, string? mr) => discord.Message(text, mr);

        lines.Add(Good("Just replayed Portal 2 and it's still fantastic, especially with friends online.",
            "give_opinion(name[Portal 2], rating[excellent], has_multiplayer[yes])"));
        Bad("broken-json", Good("what's the most relaxing game on Switch?", "request(platforms[Nintendo Switch], specifier[relaxing])")[..40]);
        Bad("broken-json", "{\"id\": \"1\", \"content\": \"unterminated");
        Bad("broken-json", "not json at all");
        Bad("missing-field", Without(Good("Do you play games on a Mac?", "request_attribute(has_mac_release[])"), "content"));
        Bad("missing-field", Without(Good("Is Steam where you get most of your games?", "request_attribute(available_on_steam[])"), "timestamp"));
        Bad("missing-field", Without(Good("Which console do you game on?", "request_attribute(platforms[])"), "id"));
        Bad("wrong-type", Replace(Good("x", null), "content", JsonValue.Create(42)));
        Bad("wrong-type", Replace(Good("Who's your favorite game developer?", "request_attribute(developer[])"), "timestamp", JsonValue.Create(true)));
        Bad("invalid-mr", Good("Myst is a puzzle game.", "inform(name[Myst], genres[puzzle]"));
        Bad("invalid-mr", Good("Skyrim is great", "give_opinion(name[The Elder Scrolls V: Skyrim], rating[great], genres[role-playing])"));
        Bad("invalid-mr", Good("Recommend me StarCraft", "praise(name[StarCraft], genres[strategy])"));
        Bad("invalid-mr", Good("Is Hitman a shooter?", "verify_attribute(name[Hitman], genres[shooter])"));
        Bad("invalid-mr", Good("Anything fun?", "request(specifier[fun], name[Myst])"));
        Bad("empty-text", Good("   ", "request_attribute(genres[])"));
        Bad("empty-text", Good("\u200B", null));
        Bad("too-long", Good(string.Concat(Enumerable.Repeat("so much to say about this game ", 400)), null));
        // A curated example posted in the wild: valid, and a duplicate of the curated set, not of the exports.
        lines.Add(Good(curatedExample.Text, curatedExample.Mr));
        lines.Add(Good("Which developers do you trust the most?", "request_attribute(developer[])"));
        return (lines, 3, reasons);
    }

    private static string Without(string json, string property)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(property);
        return node.ToJsonString(Json);
    }

    private static string Replace(string json, string property, JsonNode? value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[property] = value;
        return node.ToJsonString(Json);
    }

    private static List<string> Interleave(Random random, List<string> rows, List<string> repeats)
    {
        var result = new List<string>(rows);
        foreach (var repeat in repeats) result.Insert(random.Next(result.Count / 2, result.Count + 1), repeat);
        return result;
    }

    private static GeneratedFile Pairs(string path, IEnumerable<LabelledText> pairs) =>
        new(path, Lines(pairs.Select(p => JsonSerializer.Serialize(new JsonObject { ["text"] = p.Text, ["mr"] = p.Mr }, Json))));

    private static string Lines(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    /// <summary>Discord messages as the API returns them (one per line), with the MR in <c>viggo_mr</c>.</summary>
    private sealed class DiscordExport(Random random, DateTimeOffset start, string guildId, string channelId)
    {
        private DateTimeOffset _clock = start;
        private int _sequence;

        public string Message(string text, string? mr)
        {
            _clock = _clock.AddSeconds(random.Next(5, 400)).AddMilliseconds(random.Next(1000));
            var user = Phrasebook.Usernames[random.Next(Phrasebook.Usernames.Length)];
            // Discord ids are snowflakes: milliseconds since 2015-01-01 shifted left 22 bits.
            var snowflake = ((_clock.ToUnixTimeMilliseconds() - 1420070400000L) << 22) | (uint)(_sequence++ & 0xFFF);
            var userId = (1_000_000_000_000_000L + Math.Abs((long)StableHash(user)) % 900_000_000_000_000L).ToString(CultureInfo.InvariantCulture);
            var message = new JsonObject
            {
                ["id"] = snowflake.ToString(CultureInfo.InvariantCulture),
                ["type"] = 0,
                ["channel_id"] = channelId,
                ["guild_id"] = guildId,
                ["author"] = new JsonObject { ["id"] = userId, ["username"] = user, ["global_name"] = user, ["bot"] = false },
                ["content"] = text,
                ["timestamp"] = _clock.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
                ["edited_timestamp"] = null,
                ["mentions"] = new JsonArray(),
                ["attachments"] = new JsonArray(),
                ["embeds"] = new JsonArray(),
                ["pinned"] = false,
            };
            if (mr is not null) message["viggo_mr"] = mr;
            return message.ToJsonString(Json);
        }
    }

    /// <summary>
    /// Twitch chat messages in the shape of the EventSub <c>channel.chat.message</c> event (one per line), with
    /// the notification's timestamp as <c>sent_at</c> and the MR in <c>viggo_mr</c>.
    /// </summary>
    private sealed class TwitchExport(Random random, DateTimeOffset start)
    {
        private DateTimeOffset _clock = start;

        public string Message(string text, string? mr)
        {
            _clock = _clock.AddSeconds(random.Next(2, 120)).AddMilliseconds(random.Next(1000));
            var user = Phrasebook.Usernames[random.Next(Phrasebook.Usernames.Length)];
            var bytes = new byte[16];
            random.NextBytes(bytes);
            var message = new JsonObject
            {
                ["broadcaster_user_id"] = "141981764",
                ["broadcaster_user_login"] = "viggoplays",
                ["broadcaster_user_name"] = "ViggoPlays",
                ["chatter_user_id"] = (100_000_000 + (StableHash(user) & 0x3FFFFFFF) % 800_000_000).ToString(CultureInfo.InvariantCulture),
                ["chatter_user_login"] = user.ToLowerInvariant(),
                ["chatter_user_name"] = user,
                ["message_id"] = new Guid(bytes).ToString(),
                ["message"] = new JsonObject
                {
                    ["text"] = text,
                    ["fragments"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text, ["cheermote"] = null, ["emote"] = null, ["mention"] = null }),
                },
                ["color"] = "#1E90FF",
                ["badges"] = new JsonArray(),
                ["message_type"] = "text",
                ["cheer"] = null,
                ["reply"] = null,
                ["sent_at"] = _clock.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
            if (mr is not null) message["viggo_mr"] = mr;
            return message.ToJsonString(Json);
        }
    }

    private static int StableHash(string s)
    {
        var hash = 17;
        foreach (var c in s) hash = unchecked((hash * 31) + c);
        return hash & 0x7FFFFFFF;
    }
}
