package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerprobe.cluster.Shard;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.experiment.ExperimentReport;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.MeasureSettings;
import org.layerprobe.experiment.Preflight;
import org.layerprobe.experiment.RunStore;
import org.layerprobe.experiment.Sweep;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.ScriptedModel;
import org.layerprobe.train.TrainSettings;

/**
 * {@code layerprobe probe --torchscript FILE}: a one-model experiment run as a spec listing the file
 * under {@code models:} would run it, with every measure (probes and their intervals, paired tests,
 * the online code, a control task, CKA), so both routes give the same rows.
 */
final class ScriptedProbe {

    /** The control task's types unless the command line says: the project's specs use 1,000. */
    static final int CONTROL_TYPES = 1_000;

    private ScriptedProbe() {}

    /** The spec the command runs; its name is the report folder's default name. */
    static ExperimentSpec spec(
            ScriptedModel model,
            DatasetRef data,
            TrainSettings split,
            int testLimit,
            ProbeSettings probes,
            List<String> points,
            int controlTypes) {
        return new ExperimentSpec(
                "probe-" + model.name(),
                "Per-layer separability of " + model.fileName(),
                "",
                data,
                List.of(),
                List.of(),
                List.of(0L),
                split,
                testLimit,
                probes,
                points,
                false,
                new MeasureSettings(true, controlTypes, MeasureSettings.AUTO_CKA_IMAGES, false),
                List.of(),
                List.of(model));
    }

    /** Runs {@code spec} into {@code dir}, printing progress and the per-point table. */
    static int run(ExperimentSpec spec, Path dir) {
        Datasets.ensure(spec.dataset());
        DataSplits data = ExperimentReport.load(spec);
        Preflight.check(spec, data, dir);
        ConsoleProgress progress = new ConsoleProgress(System.out, "  ");
        ScriptedModel model = (ScriptedModel) spec.models().get(0);
        System.out.printf(
                Locale.ROOT,
                "%s on %s (%d train / %d validation / %d test) -> %s%n",
                model.fileName(),
                spec.dataset().name(),
                data.train().size(),
                data.validation().size(),
                data.test().size(),
                dir);
        if (!model.recordedNote().isEmpty()) {
            System.out.println("  " + model.recordedNote() + " (the report's accuracy is measured here)");
        }
        Sweep sweep = new Sweep(
                spec,
                data,
                new ModelProvider(ModelCache.defaultCache(), progress),
                new RunStore(dir),
                new RunCommand.Listener(progress),
                progress,
                Shard.ALL);
        Sweep.Outcome outcome = sweep.run();
        progress.close();
        ExperimentReport.Result report =
                ExperimentReport.write(dir, spec, data, outcome.reused(), m -> System.out.println("warning: " + m));
        printTable(outcome.rows());
        System.out.println("report: " + report.files().index());
        return 0;
    }

    private static void printTable(List<ResultRow> rows) {
        System.out.println();
        for (ResultRow r : rows) {
            if (r.metric().equals(MetricNames.MODEL_TEST_ACCURACY)) {
                System.out.printf(Locale.ROOT, "model test accuracy %.2f%%%n", 100 * r.value());
            }
        }
        System.out.printf(Locale.ROOT, "%-24s %14s%n", "point", "probe test acc");
        for (ResultRow r : rows) {
            if (r.metric().equals(MetricNames.PROBE_TEST_ACCURACY)
                    && r.checkpoint().equals(ResultRow.TRAINED)) {
                System.out.printf(Locale.ROOT, "%-24s %13.2f%%%n", r.point(), 100 * r.value());
            }
        }
    }
}
