package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.LayerprobeException;
import org.layerprobe.ShellWords;
import org.layerprobe.cluster.Shard;
import org.layerprobe.data.DataSplits;
import org.layerprobe.experiment.ExperimentReport;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.Preflight;
import org.layerprobe.experiment.RunConfig;
import org.layerprobe.experiment.RunStore;
import org.layerprobe.experiment.Specs;
import org.layerprobe.experiment.Sweep;
import org.layerprobe.experiment.SweepListener;
import org.layerprobe.report.page.StudyPage;
import org.layerprobe.study.Studies;
import org.layerprobe.study.StudySpec;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layerprobe run probes/X.yaml}: one spec in, one report out; resumable. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run an experiment spec (every architecture x activation x seed) and write its report.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The spec, e.g. probes/quickstart.yaml.")
    Path specFile;

    @Option(
            names = "--reports",
            defaultValue = "reports",
            description = "Where reports go (default: ${DEFAULT-VALUE}).")
    Path reports;

    @Option(
            names = "--shard",
            paramLabel = "I/N",
            description = "Run only shard I of N (0-based) of the spec's configurations, e.g. 0/4; the"
                    + " report is then written by `layerprobe report DIR` once every shard is done.")
    String shard;

    @Override
    public Integer call() {
        Specs.Parsed parsed = Specs.read(specFile);
        if (parsed instanceof Specs.Study study) {
            if (shard != null) {
                throw new LayerprobeException("--shard applies to experiment specs, not to the study " + specFile);
            }
            return runStudy(study.spec());
        }
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        ExperimentSpec spec = ((Specs.Experiment) parsed).spec();
        Datasets.ensure(spec.dataset());
        DataSplits data = ExperimentReport.load(spec);
        Path dir = reports.resolve(spec.name());
        Preflight.check(spec, data, dir);
        ExperimentReport.claim(dir, specFile);
        ExperimentReport.keepSpec(dir, specFile);
        ConsoleProgress progress = new ConsoleProgress(System.out, "  ");
        Sweep sweep = new Sweep(
                spec,
                data,
                new ModelProvider(ModelCache.defaultCache(), progress),
                new RunStore(dir),
                new Listener(progress),
                progress,
                part);
        System.out.printf(
                Locale.ROOT,
                "%s: %s on %s (%d train / %d validation / %d test) -> %s%n",
                spec.name(),
                part.isAll()
                        ? spec.configs().size() + " configurations"
                        : "shard " + part + ", " + sweep.configs().size() + " of "
                                + spec.configs().size() + " configurations",
                spec.dataset().name(),
                data.train().size(),
                data.validation().size(),
                data.test().size(),
                dir);
        Sweep.Outcome outcome = sweep.run();
        progress.close();
        if (!part.isAll()) {
            System.out.printf(
                    Locale.ROOT,
                    "shard %s done (%d configurations); the report is made by `%s` once every shard is done%n",
                    part,
                    outcome.configs().size(),
                    ShellWords.command("./layerprobe", "report", dir));
            return 0;
        }
        // Again at the end: with two runs of differently edited specs, the copy matches the last report.
        ExperimentReport.keepSpec(dir, specFile);
        ExperimentReport.Result report =
                ExperimentReport.write(dir, spec, data, outcome.reused(), m -> System.out.println("warning: " + m));
        if (!report.otherSettings().isEmpty()) {
            System.out.println("note: runs/ also holds "
                    + report.otherSettings().size() + " result file(s) from other settings; kept, not used");
        }
        System.out.println("report: " + report.files().index() + " ("
                + report.files().files().size() + " files)");
        return 0;
    }

    /** A study computes its page; its files go to {@code <reports>/<name>/}. */
    private int runStudy(StudySpec spec) {
        long start = System.nanoTime();
        StudyPage page = Studies.run(spec, System.out::println);
        Path dir = reports.resolve(spec.name());
        List<Path> written = page.write(dir);
        System.out.printf(
                Locale.ROOT,
                "%s: wrote %d files to %s in %.1f s%n",
                spec.name(),
                written.size(),
                dir,
                (System.nanoTime() - start) / 1e9);
        System.out.println("study report: " + written.size() + " files under " + reports);
        return 0;
    }

    /** Prints one line per configuration and phase. */
    record Listener(ConsoleProgress progress) implements SweepListener {
        @Override
        public void onConfig(int index, int total, RunConfig config, boolean resumed) {
            progress.close();
            System.out.printf(
                    Locale.ROOT,
                    "[%d/%d] %s%s%n",
                    index,
                    total,
                    config.id(),
                    resumed
                            ? ": already done with these settings (by an earlier or concurrent run), reusing its results"
                            : "");
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

        @Override
        public void onBusyElsewhere(RunConfig config, String holder) {
            progress.close();
            System.out.println("  being run by " + holder + "; coming back to it at the end");
        }

        @Override
        public void onWarning(String message) {
            progress.close();
            System.out.println("  warning: " + message);
        }
    }
}
