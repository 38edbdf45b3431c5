using System.Globalization;
using System.Text.Json;

namespace AlignLab.Server.Operations;

/// <summary>The JSON shape of <see cref="AbStatus"/>, shared by <c>GET /api/ab</c> and <c>alignlab ab status --json</c>.</summary>
public static class AbStatusJson
{
    /// <summary>Writes the status as one object.</summary>
    public static void Write(Utf8JsonWriter w, AbStatus status)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(status);
        var e = status.Experiment;
        w.WriteStartObject();
        w.WriteString("experiment", e.Id);
        w.WriteString("started_at", e.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (e.EndedAt is { } ended)
        {
            w.WriteString("ended_at", ended.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("ended_at");
        }

        if (e.Winner is null)
        {
            w.WriteNull("winner");
        }
        else
        {
            w.WriteString("winner", e.Winner);
        }

        w.WriteNumber("split_b", e.Split);
        w.WriteNumber("minimum_sample", status.MinimumSample);
        w.WriteNumber("alpha", status.Alpha);
        w.WriteBoolean("enough_data", status.EnoughData);
        w.WriteStartArray("arms");
        foreach (var arm in new[] { status.A, status.B })
        {
            w.WriteStartObject();
            w.WriteString("arm", arm.Arm);
            w.WriteString("version", arm.Version);
            w.WriteNumber("requests", arm.Requests);
            w.WriteNumber("blocked", arm.Blocked);
            w.WriteNumber("errors", arm.Errors);
            w.WriteNumber("block_rate", Math.Round(arm.BlockRate, 6));
            w.WriteNumber("block_rate_low", Math.Round(arm.BlockRateLow, 6));
            w.WriteNumber("block_rate_high", Math.Round(arm.BlockRateHigh, 6));
            w.WriteNumber("error_rate", Math.Round(arm.ErrorRate, 6));
            w.WriteNumber("error_rate_low", Math.Round(arm.ErrorRateLow, 6));
            w.WriteNumber("error_rate_high", Math.Round(arm.ErrorRateHigh, 6));
            w.WriteNumber("mean_latency_ms", Math.Round(arm.MeanLatencyMs, 3));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("block_rate_test");
        w.WriteNumber("z", Math.Round(status.BlockRateZ, 4));
        w.WriteNumber("p", Math.Round(status.BlockRateP, 6));
        w.WriteEndObject();
        w.WriteStartObject("error_rate_test");
        w.WriteNumber("z", Math.Round(status.ErrorRateZ, 4));
        w.WriteNumber("p", Math.Round(status.ErrorRateP, 6));
        w.WriteEndObject();
        w.WriteString("verdict", status.Verdict);
        w.WriteEndObject();
    }
}
