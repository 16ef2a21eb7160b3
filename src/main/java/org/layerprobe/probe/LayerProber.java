package org.layerprobe.probe;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.HiddenStates;
import org.layerprobe.probe.solver.ProbeWeights;
import org.layerprobe.probe.states.CachedStates;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.probe.states.Split;
import org.layerprobe.probe.states.StateSource;
import org.layerprobe.probe.states.StreamingStates;

/**
 * The probing entry point: hooks a network, holds its states (cached when they fit the memory
 * budget, streamed otherwise) and fits a probe at every requested point.
 */
public final class LayerProber {

    private final ProbeSettings settings;
    private final ProbeMonitor monitor;

    public LayerProber(ProbeSettings settings, ProbeMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
    }

    /**
     * Probes {@code hooked} at {@code points} (all when empty) on {@code data}.
     *
     * @param forwardBatch samples per forward pass (and per probe update)
     */
    public ProbeRun probe(HiddenStates hooked, DataSplits data, List<String> points) {
        return probe(hooked, data, points, true, Map.of(), false);
    }

    /**
     * As {@link #probe}, each point's probe starting from {@code start} where given, the fitted
     * probes kept in {@link ProbeRun#weights()} when {@code keepWeights}.
     */
    public ProbeRun probe(
            HiddenStates hooked,
            DataSplits data,
            List<String> points,
            Map<String, ProbeWeights> start,
            boolean keepWeights) {
        return probe(hooked, data, points, true, start, keepWeights);
    }

    /** As {@link #probe}; {@code factorAffine} off only to check that factoring changes nothing. */
    ProbeRun probe(HiddenStates hooked, DataSplits data, List<String> points, boolean factorAffine) {
        return probe(hooked, data, points, factorAffine, Map.of(), false);
    }

    private ProbeRun probe(
            HiddenStates hooked,
            DataSplits data,
            List<String> points,
            boolean factorAffine,
            Map<String, ProbeWeights> starts,
            boolean keepWeights) {
        long start = System.nanoTime();
        StreamingStates stream = new StreamingStates(
                hooked,
                points,
                data,
                settings.states().batchSize(),
                settings.states().reduction(),
                settings.seed(),
                factorAffine);
        int cacheSteps = stream.batches(Split.TRAIN);
        monitor.onPhase(
                "compute states (" + MemoryBudget.format(CachedStates.estimateBytes(stream, 4))
                        + " at float32, " + MemoryBudget.format(CachedStates.estimateBytes(stream, 2))
                        + " at float16; budget "
                        + MemoryBudget.format(settings.states().memoryBudgetBytes()) + ")",
                cacheSteps);
        IntConsumer progress = monitor::onStep;
        int classes = data.train().numClasses();
        long cacheStart = System.nanoTime();
        double forwardBefore = stream.forwardSeconds();
        try (StateSource source =
                CachedStates.cacheIfFits(stream, settings.states().memoryBudgetBytes(), classes, progress)) {
            double caching = (System.nanoTime() - cacheStart) / 1e9 - (stream.forwardSeconds() - forwardBefore);
            // The input's probe is fitted with the others every time, not reused from an earlier
            // network: the points a pass serves together decide its products' shapes and so their
            // rounding, and a network's numbers must not depend on what this process probed before.
            ProbeTrainer trainer = new ProbeTrainer(settings, monitor, starts, keepWeights);
            // A point's index is its place in the whole network (0 = input), not in the probed subset.
            List<String> all = hooked.points();
            List<ProbeResult> results = trainer.fit(source, classes).stream()
                    .map(r -> r.atIndex(all.indexOf(r.point())))
                    .toList();
            double total = (System.nanoTime() - start) / 1e9;
            return new ProbeRun(
                    results,
                    source.mode(),
                    stream.forwardSeconds(),
                    caching,
                    trainer.probeSeconds(),
                    trainer.evaluationSeconds(),
                    total,
                    Map.copyOf(trainer.weights()),
                    Map.copyOf(trainer.work()));
        }
    }
}
