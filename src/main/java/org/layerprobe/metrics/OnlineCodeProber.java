package org.layerprobe.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.Splits;
import org.layerprobe.hooks.HiddenStates;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeWeights;

/**
 * Measures the online codelength ({@link OnlineCode}) of the training labels at every point of a
 * network. The training samples are put in a seeded order (the probe seed); for each block after
 * the first, a probe is fitted on every sample before it, exactly as the full probe is (same L2
 * grid chosen on the same validation split, same convergence rule), and scored on the block.
 */
public final class OnlineCodeProber {

    private final ProbeSettings settings;
    private final ProbeMonitor monitor;

    public OnlineCodeProber(ProbeSettings settings, ProbeMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
    }

    /**
     * One point's online code with what it cost.
     *
     * @param passes solver passes over all prefix fits together
     * @param converged whether every prefix fit met the convergence rule
     */
    public record PointCode(String point, OnlineCode code, int passes, boolean converged) {}

    /** The online code of {@code data}'s training labels at {@code points} (all when empty). */
    public List<PointCode> measure(HiddenStates hooked, DataSplits data, List<String> points) {
        LabeledData ordered =
                data.train().select(Splits.permutation(data.train().size(), settings.seed()));
        int[] ends = OnlineCode.schedule(ordered.size());
        Map<String, double[]> bits = new LinkedHashMap<>();
        Map<String, Integer> passes = new LinkedHashMap<>();
        Map<String, Boolean> converged = new LinkedHashMap<>();
        Map<String, ProbeWeights> previous = Map.of();
        for (int i = 0; i + 1 < ends.length; i++) {
            DataSplits block = new DataSplits(
                    data.name(),
                    ordered.select(range(0, ends[i])),
                    data.validation(),
                    ordered.select(range(ends[i], ends[i + 1])),
                    data.identity());
            monitor.onNote(String.format(
                    Locale.ROOT,
                    "online code: fit on %d samples, code the next %d (block %d/%d)",
                    ends[i],
                    ends[i + 1] - ends[i],
                    i + 1,
                    ends.length - 1));
            // Each prefix starts where the previous one ended: the optimum moves little as data grows.
            ProbeRun run =
                    new LayerProber(settings, monitor).probe(hooked, block, points, previous, i + 2 < ends.length);
            previous = run.weights();
            for (ProbeResult r : run.results()) {
                bits.computeIfAbsent(r.point(), p -> new double[ends.length - 1])[i] =
                        OnlineCode.bits(r.testCrossEntropy(), ends[i + 1] - ends[i]);
                passes.merge(r.point(), r.passes(), Integer::sum);
                converged.merge(r.point(), r.converged(), Boolean::logicalAnd);
            }
        }
        List<PointCode> out = new ArrayList<>();
        bits.forEach((p, b) -> out.add(
                new PointCode(p, new OnlineCode(data.train().numClasses(), ends, b), passes.get(p), converged.get(p))));
        return out;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }
}
