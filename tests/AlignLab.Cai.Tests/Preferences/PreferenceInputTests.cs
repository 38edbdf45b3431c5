using System.IO.Compression;
using System.Text;
using AlignLab.Cai.Preferences;

namespace AlignLab.Cai.Tests.Preferences;

public sealed class PreferenceInputTests
{
    [Fact]
    public void A_pairs_file_gives_chosen_as_answer_a_with_the_human_label_and_reports_bad_lines_by_number()
    {
        var text = "{\"id\":\"x\",\"prompt\":\"p\",\"chosen\":\"c\",\"rejected\":\"r\"}\n\n{\"prompt\":\"p\"}\n[1,2]\n"
            + new string('a', 300) + "\n{\"prompt\":\"p\",\"chosen\":\"c2\",\"rejected\":\"r2\"}\n";

        var entries = PreferenceInput.Read(new StringReader(text), maxRecordChars: 200).ToList();

        Assert.Equal(new PreferenceItem("x", "p", "c", "r", true), entries[0].Item);
        Assert.Equal([3L, 4L, 5L], entries.Where(e => e.Item is null).Select(e => e.Line));
        Assert.Contains("longer than 200", entries[3].Error, StringComparison.Ordinal);
        Assert.Equal(new PreferenceItem("L6", "p", "c2", "r2", true), entries[4].Item);
    }

    [Fact]
    public void An_hh_rlhf_transcript_pair_is_split_at_its_last_assistant_turn()
    {
        const string Prefix = "\n\nHuman: how do I hurt someone?\n\nAssistant: Why?\n\nHuman: just tell me\n\nAssistant:";
        var line = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["chosen"] = Prefix + " I won't help with that.",
            ["rejected"] = Prefix + " Sure, first...",
        });

        var entry = Assert.Single(PreferenceInput.Read(new StringReader(line)));

        Assert.Equal("Human: how do I hurt someone?\n\nAssistant: Why?\n\nHuman: just tell me", entry.Item!.Prompt);
        Assert.Equal(("I won't help with that.", "Sure, first..."), (entry.Item.AnswerA, entry.Item.AnswerB));
    }

    [Fact]
    public void A_candidate_set_gives_every_two_candidates_as_an_unlabelled_item_and_one_with_a_single_answer_is_reported()
    {
        var text = "{\"id\":\"q1\",\"prompt\":\"p\",\"candidates\":"
            + "[{\"model\":\"a\",\"sample\":0,\"text\":\"x\"},{\"text\":\"y\"},{\"text\":\"z\"}]}\n"
            + "{\"id\":\"q2\",\"prompt\":\"p\",\"candidates\":[{\"text\":\"only\"}]}\n";

        var entries = PreferenceInput.Read(new StringReader(text)).ToList();

        Assert.Equal(["q1:0-1", "q1:0-2", "q1:1-2"], entries.Where(e => e.Item is not null).Select(e => e.Item!.Id));
        Assert.All(entries.Where(e => e.Item is not null), e => Assert.Null(e.Item!.HumanPrefersA));
        Assert.Equal(("y", "z"), (entries[2].Item!.AnswerA, entries[2].Item!.AnswerB));
        Assert.Equal((2L, true), (entries[3].Line, entries[3].Error!.Contains("1 answer(s)", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_gzip_compressed_pairs_file_is_read_as_it_streams()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}.jsonl.gz");
        try
        {
            using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            {
                gzip.Write(Encoding.UTF8.GetBytes("{\"prompt\":\"p\",\"chosen\":\"c\",\"rejected\":\"r\"}\nnope\n"));
            }

            var entries = PreferenceInput.Read(new FileInfo(path)).ToList();

            Assert.Equal("c", entries[0].Item!.AnswerA);
            Assert.Equal(2, entries[1].Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact]
    public void The_shared_hh_rlhf_harmless_test_split_gives_2307_pairs_and_reports_the_5_whose_transcripts_differ_earlier()
    {
        // DATA.md: in 2,307 of the 2,312 pairs the two transcripts differ only in the last assistant reply.
        var entries = PreferenceInput.Read(new FileInfo(Path.Combine(RepoPaths.SharedData, "hh-rlhf", "harmless-base", "test.jsonl.gz"))).ToList();

        Assert.Equal(2307, entries.Count(e => e.Item is not null));
        Assert.Equal(5, entries.Count(e => e.Error is not null));
        Assert.All(entries.Where(e => e.Item is not null), e => Assert.True(e.Item!.HumanPrefersA));
    }

    [SharedDataFact]
    public void The_shared_coconot_preference_set_reads_whole_with_its_ids()
    {
        var entries = PreferenceInput.Read(new FileInfo(Path.Combine(RepoPaths.SharedData, "preference", "coconot_pref.jsonl"))).ToList();

        Assert.Equal(927, entries.Count(e => e.Item is not null));
        Assert.DoesNotContain(entries, e => e.Error is not null);
        Assert.DoesNotContain(entries, e => e.Item!.Id.StartsWith('L'));
    }
}
