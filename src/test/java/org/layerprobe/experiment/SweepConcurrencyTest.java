package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.cluster.Shard;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.TrainSettings;
import org.layerprobe.train.TrainingMonitor;

/**
 * Several writers on one report directory, on a real MNIST subset: concurrent sweeps, shards and a
 * changed setting must all end with the rows one plain sweep gives.
 */
class SweepConcurrencyTest {

    private static ExperimentSpec spec;
    private static DataSplits data;

    @BeforeAll
    static void load() {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        spec = spec(ProbeSettings.defaults());
        data = ExperimentReport.load(spec);
    }

    private static ExperimentSpec spec(ProbeSettings probes) {
        return new ExperimentSpec(
                "concurrency",
                null,
                null,
                DatasetRef.parse("mnist"),
                List.of(new ArchitectureSpec("mlp", List.of(16), 0)),
                List.of("relu", "tanh", "identity"),
                List.of(1L),
                new TrainSettings("adam", 1e-2, 0.9, 1, 64, 100, 600),
                100,
                probes,
                List.of(),
                false,
                null,
                null,
                null);
    }

    private static Sweep sweep(ExperimentSpec s, Path reports, Path cache, Shard shard) {
        return new Sweep(
                s,
                data,
                new ModelProvider(new ModelCache(cache), TrainingMonitor.NONE),
                new RunStore(reports.resolve(s.name())),
                SweepListener.NONE,
                ProbeMonitor.NONE,
                shard);
    }

    /** The rows, timing aside (no two runs share it), in a canonical order. */
    private static List<String> comparable(List<ResultRow> rows) {
        List<String> out = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!r.metric().equals(MetricNames.PROBE_SECONDS)) {
                out.add(r.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private static final String SPEC = String.join(
            "\n",
            "name: concurrency",
            "dataset: mnist",
            "architectures: [{kind: mlp, sizes: [16]}]",
            "activations: [relu, tanh, identity]",
            "seeds: [1]",
            "baseline: false",
            "test_limit: 100",
            "training: {epochs: 1, train_limit: 600, validation_size: 100, learning_rate: 0.01}",
            "");

    /** Starts {@code layerprobe ARGS} in a separate JVM (DJL trains one model at a time per process). */
    private static Process layerprobe(Path cache, Path log, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.awt.headless=true",
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                "org.layerprobe.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LAYERPROBE_CACHE", cache.toString());
        return pb.start();
    }

    private static void finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "finished in time: " + log);
        assertEquals(0, p.exitValue(), () -> {
            try {
                return Files.readString(log);
            } catch (java.io.IOException e) {
                return log.toString();
            }
        });
    }

    /** A report's CSV lines, timing rows aside (no two runs share them), in a canonical order. */
    private static List<String> csv(Path reportDir) throws java.io.IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(reportDir.resolve("separability.csv")).stream()
                .filter(l -> !l.contains("," + MetricNames.PROBE_SECONDS + ","))
                .toList());
        lines.sort(null);
        return lines;
    }

    @Test
    void concurrentRunsAndShardsGiveTheCsvOfOneRun(@TempDir Path tmp) throws Exception {
        Path specFile = tmp.resolve("concurrency.yaml");
        Files.writeString(specFile, SPEC);
        Path alone = tmp.resolve("alone");
        finish(
                layerprobe(
                        tmp.resolve("cache-alone"),
                        tmp.resolve("alone.log"),
                        "run",
                        specFile.toString(),
                        "--reports",
                        alone.toString()),
                tmp.resolve("alone.log"));
        List<String> expected = csv(alone.resolve("concurrency"));

        Path together = tmp.resolve("together");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(layerprobe(
                    tmp.resolve("cache-together"),
                    tmp.resolve("together" + i + ".log"),
                    "run",
                    specFile.toString(),
                    "--reports",
                    together.toString()));
        }
        for (int i = 0; i < 2; i++) {
            finish(ps.get(i), tmp.resolve("together" + i + ".log"));
        }
        assertEquals(expected, csv(together.resolve("concurrency")), "two concurrent runs into one directory");
        try (var files = Files.list(together.resolve("concurrency/runs"))) {
            assertEquals(
                    spec.configs().size(),
                    files.filter(p -> p.toString().endsWith(".csv")).count(),
                    "each configuration stored once");
        }

        Path sharded = tmp.resolve("sharded");
        ps.clear();
        for (int i = 0; i < 2; i++) {
            ps.add(layerprobe(
                    tmp.resolve("cache-shards"),
                    tmp.resolve("shard" + i + ".log"),
                    "run",
                    specFile.toString(),
                    "--reports",
                    sharded.toString(),
                    "--shard",
                    i + "/2"));
        }
        for (int i = 0; i < 2; i++) {
            finish(ps.get(i), tmp.resolve("shard" + i + ".log"));
        }
        finish(
                layerprobe(
                        tmp.resolve("cache-shards"),
                        tmp.resolve("merge.log"),
                        "report",
                        sharded.resolve("concurrency").toString(),
                        "--require-complete"),
                tmp.resolve("merge.log"));
        assertEquals(expected, csv(sharded.resolve("concurrency")), "two shards and their merge");
    }

    @Test
    void aChangedProbeSettingRerunsInsteadOfReusing(@TempDir Path tmp) {
        Path cache = tmp.resolve("cache");
        Sweep.Outcome first = sweep(spec, tmp, cache, Shard.ALL).run();
        assertTrue(first.reused().isEmpty());
        Sweep.Outcome same = sweep(spec, tmp, cache, Shard.ALL).run();
        assertEquals(spec.configs(), same.reused(), "same settings: every configuration reused");
        ExperimentSpec capped = spec(ProbeSettings.defaults().withMaxPasses(3));
        Sweep changed = sweep(capped, tmp, cache, Shard.ALL);
        for (RunConfig c : spec.configs()) {
            assertNotEquals(sweep(spec, tmp, cache, Shard.ALL).key(c), changed.key(c), "the key sees the probe cap");
        }
        Sweep.Outcome rerun = changed.run();
        assertTrue(rerun.reused().isEmpty(), "other settings: nothing reused");
        double maxPasses = rerun.rows().stream()
                .filter(r -> r.metric().equals(MetricNames.PROBE_LBFGS_ITERATIONS))
                .mapToDouble(ResultRow::value)
                .max()
                .orElseThrow();
        assertTrue(maxPasses <= 3, "the new rows obey the new cap: " + maxPasses);
        RunStore store = new RunStore(tmp.resolve(spec.name()));
        assertEquals(
                spec.configs().size(),
                store.others(java.util.Set.copyOf(spec.configs().stream()
                                .map(c -> store.file(c, changed.key(c)))
                                .toList()))
                        .size(),
                "the first settings' files are kept beside the new ones");
    }
}
