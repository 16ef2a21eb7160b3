package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DataSplits;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.NetworkProbe;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.ModelSource;
import org.layerprobe.train.SavedModel;
import org.layerprobe.train.ScriptedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code layerprobe probe}: trains (or reuses) one network, fits a probe at every point of it and
 * of the same network at random init, prints the per-layer table and writes a report directory.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = "Fit a linear probe at every layer of one network (trained and at random init).")
public final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ProbeOptions probe = new ProbeOptions();

    @Option(names = "--no-baseline", description = "Skip the random-init baseline.")
    boolean noBaseline;

    @Option(names = "--out", description = "Output directory (default: reports/probe-<model id>).")
    Path out;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Probe a saved model (see `layerprobe export`) instead of training one; its data is the one"
                    + " it was trained on unless --dataset names another of the same shape. Options that shape or"
                    + " train a network (--arch, --epochs, ...) are refused beside it.")
    Path savedModel;

    @Option(
            names = "--torchscript",
            paramLabel = "FILE",
            description = "Probe a network trained in PyTorch: a TorchScript file written by"
                    + " scripts/torchscript_export.py, with its sidecar (FILE's stem + .json) beside it; every"
                    + " measure (probes, intervals, paired tests, online code, control task, CKA) on --dataset"
                    + " (default mnist). No random-init baseline: a scripted model has no initialisation.")
    Path torchscript;

    @Option(
            names = "--control-types",
            paramLabel = "K",
            description = "With --torchscript: k of the control task, k-means types of the training images"
                    + " (default: ${DEFAULT-VALUE}; 0: no control task).")
    int controlTypes = ScriptedProbe.CONTROL_TYPES;

    @Override
    public Integer call() {
        ProbeSettings settings = probe.settings();
        if (torchscript != null) {
            if (savedModel != null) {
                throw new LayerprobeException("--model and --torchscript each name the network to probe; give one");
            }
            model.refuseNetworkOptions("--torchscript");
            model.checkTestLimit();
            ScriptedModel scripted = ScriptedModel.read(torchscript);
            ExperimentSpec spec = ScriptedProbe.spec(
                    scripted,
                    model.datasetRef(),
                    model.settings(),
                    model.testLimit,
                    settings,
                    probe.points,
                    controlTypes);
            return ScriptedProbe.run(spec, out != null ? out : Path.of("reports", spec.name()));
        }
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        ModelProvider provider = new ModelProvider(ModelCache.defaultCache(), progress);
        DataSplits data;
        ModelConfig config;
        ModelSource source;
        if (savedModel != null) {
            model.refuseNetworkOptions("--model");
            SavedModel saved = SavedModel.read(savedModel);
            data = model.loadFor(saved.dataset(), saved.config().settings());
            saved.requireFits(data);
            config = saved.configOn(data);
            source = saved.source(provider);
        } else {
            model.validate();
            data = model.load();
            config = model.config(data);
            source = provider;
        }
        Path dir = out != null ? out : Path.of("reports", "probe-" + config.readableId());
        ReportFiles files =
                NetworkProbe.run(config, data, settings, probe.points, !noBaseline, dir, source, progress, section -> {
                    progress.close();
                    print(section);
                });
        System.out.println("report: " + files.index());
        return 0;
    }

    private static void print(NetworkProbe.Section s) {
        ProbeRun run = s.run();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%s: model test accuracy %.2f%%; probes %s, %.1f s (forward %.1f s, probe" + " updates %.1f s)%n",
                s.title(),
                100 * s.modelAccuracy(),
                run.stateMode(),
                run.totalSeconds(),
                run.forwardSeconds(),
                run.probeSeconds());
        System.out.println(PointTable.of(s.title(), run.results()).printAll());
    }
}
