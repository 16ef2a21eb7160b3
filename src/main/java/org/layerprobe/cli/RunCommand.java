package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetFetcher;
import org.layerprobe.data.DatasetId;
import org.layerprobe.data.DatasetIntegrity;
import org.layerprobe.data.DatasetStatus;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.Provenance;
import org.layerprobe.experiment.RunConfig;
import org.layerprobe.experiment.RunStore;
import org.layerprobe.experiment.SpecParser;
import org.layerprobe.experiment.Sweep;
import org.layerprobe.experiment.SweepListener;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.nets.Activations;
import org.layerprobe.report.AppendixItem;
import org.layerprobe.report.ReportContext;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import org.layerprobe.report.ResultRow;
import org.layerprobe.report.UnitHealthTable;
import org.layerprobe.study.Studies;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerprobe run probes/X.yaml}: one spec in, one report out; resumable. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment spec (every architecture x activation x seed) and write its report.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The spec, e.g. probes/quickstart.yaml.")
    Path specFile;

    @Option(names = "--reports", defaultValue = "reports", description = "Where reports go (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Override
    public Integer call() {
        if (Studies.isStudy(specFile)) {
            List<Path> written = Studies.run(specFile, reports, System.out::println);
            System.out.println("study report: " + written.size() + " files under " + reports);
            return 0;
        }
        ExperimentSpec spec = SpecParser.parse(specFile);
        ensureDataset(spec.dataset());
        int trainLimit = spec.training().trainLimit();
        DataSplits data = ImageDatasets.load(spec.dataset(), spec.training().validationSize(), ModelOptions.SPLIT_SEED,
                trainLimit == 0 ? ImageDatasets.ALL : trainLimit,
                spec.testLimit() == 0 ? ImageDatasets.ALL : spec.testLimit());
        Path dir = reports.resolve(spec.name());
        List<RunConfig> configs = spec.configs();
        System.out.printf(Locale.ROOT, "%s: %d configurations on %s (%d train / %d validation / %d test) -> %s%n",
                spec.name(), configs.size(), spec.dataset(), data.train().size(), data.validation().size(),
                data.test().size(), dir);
        ConsoleProgress progress = new ConsoleProgress(System.out, "  ");
        Sweep sweep = new Sweep(spec, data, new ModelProvider(ModelCache.defaultCache(), progress),
                new RunStore(dir), new Listener(progress), progress);
        List<ResultRow> rows = sweep.run();
        progress.close();
        // The atlas of the activations compared here, as the report's appendix.
        ActivationAtlas atlas = ActivationAtlas.of(spec.activations().stream().map(Activations::get).toList());
        atlas.write(dir.resolve("atlas"));
        ReportContext ctx = new ReportContext(spec.name(), spec.title(), spec.question(), setup(spec, data),
                Provenance.of(spec, configs, data.fileHashes(), sweep.phaseSeconds()),
                appendix(atlas, rows));
        ReportFiles written = ReportWriter.write(dir, ctx, rows);
        System.out.println("report: " + written.index() + " (" + written.files().size() + " files)");
        return 0;
    }

    private static List<AppendixItem> appendix(ActivationAtlas atlas, List<ResultRow> rows) {
        List<AppendixItem> items = new java.util.ArrayList<>();
        String health = UnitHealthTable.html(rows);
        if (!health.isEmpty()) {
            items.add(new AppendixItem.Html("Unit health and gradient norms", health));
        }
        items.add(new AppendixItem.Html("Activation atlas", atlas.html("atlas/")));
        return items;
    }

    private static void ensureDataset(String name) {
        DatasetId id = DatasetId.of(name);
        if (DatasetIntegrity.fromEnvironment().status(id).state() == DatasetStatus.State.MISSING) {
            System.out.println(name + " is not here yet; fetching it");
            DatasetFetcher.fromEnvironment().fetch(id, line -> System.out.println("  " + line));
        }
    }

    private static Map<String, String> setup(ExperimentSpec spec, DataSplits data) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("dataset", String.format(Locale.ROOT, "%s (%d train / %d validation / %d test)", spec.dataset(),
                data.train().size(), data.validation().size(), data.test().size()));
        s.put("architectures", String.join(", ", spec.architectures().stream().map(a -> a.id()).toList()));
        s.put("activations", String.join(", ", spec.activations()));
        s.put("seeds", spec.seeds().toString());
        var t = spec.training();
        s.put("training", String.format(Locale.ROOT, "%s lr %s, %d epoch(s), batch %d", t.optimizer(),
                t.learningRate(), t.epochs(), t.batchSize()));
        var p = spec.probes();
        s.put("probes", String.format(Locale.ROOT,
                "multinomial logistic regression on standardised states; %s"
                        + " full-batch L-BFGS (%s) until the gradient norm is below %s of its value at zero"
                        + " (cap %d passes); L2 chosen on validation from %s; feature reduction %s",
                p.warmEpochs() == 0 ? "from zero weights," : p.warmEpochs() + " Adam warm-up epoch(s), then",
                solver(p), p.gradTolerance(), p.maxIterations(), p.l2Grid(), p.reduction().describe()));
        s.put("baseline", spec.baseline() ? "same networks at random init (same seed)" : "none");
        return s;
    }

    private static String solver(org.layerprobe.probe.ProbeSettings p) {
        return switch (p.solver()) {
            case LBFGS -> "plain";
            case PRECONDITIONED -> "preconditioned by the feature covariance, Nystrom rank " + p.sketchRank()
                    + " on wide points";
            case AUTO -> "preconditioned by the feature covariance where it is not near-isotropic, Nystrom rank "
                    + p.sketchRank() + " on wide points";
        };
    }

    /** Prints one line per configuration and phase. */
    private record Listener(ConsoleProgress progress) implements SweepListener {
        @Override
        public void onConfig(int index, int total, RunConfig config, boolean resumed) {
            progress.close();
            System.out.printf(Locale.ROOT, "[%d/%d] %s%s%n", index, total, config.id(),
                    resumed ? ": done in an earlier run, reusing its results" : "");
        }

        @Override
        public void onPhase(String phase) {
            progress.close();
            System.out.println("  " + phase);
        }

        @Override
        public void onConfigDone(int index, int total, RunConfig config, double seconds) {
            progress.close();
            System.out.printf(Locale.ROOT, "  finished in %.1f s%n", seconds);
        }
    }
}
