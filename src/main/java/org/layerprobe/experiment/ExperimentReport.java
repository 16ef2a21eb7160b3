package org.layerprobe.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetLoader;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.nets.Activations;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.report.ReportContext;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import org.layerprobe.report.page.AppendixItem;
import org.layerprobe.report.page.AtlasFiles;
import org.layerprobe.report.page.AtlasFragment;
import org.layerprobe.report.page.UnitHealthTable;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.train.ScriptedModel;

/**
 * The report of an experiment from whatever its {@code runs/} holds: written by {@code run} at the
 * end of a sweep and by {@code report DIR} as the merge step of a sharded one, the same way, so a
 * merged report equals an unsharded one. The spec a report was made from is kept in the report
 * directory as {@value #SPEC_FILE}.
 */
public final class ExperimentReport {

    /** The copy of the spec inside a report directory. */
    public static final String SPEC_FILE = "spec.yaml";

    private ExperimentReport() {}

    /** What a report found: its files, and the configurations of the spec it still lacks. */
    public record Result(ReportFiles files, List<RunConfig> missing, List<Path> otherSettings) {}

    /** The spec's data, as every command loads it (same split seed, same limits). */
    public static DataSplits load(ExperimentSpec spec) {
        return DatasetLoader.load(
                spec.dataset(),
                spec.training().validationSize(),
                spec.training().trainLimit(),
                spec.testLimit());
    }

    /** Names the spec file that owns a report directory. */
    public static final String OWNER_FILE = "OWNER";

    /**
     * Claims {@code reportDir} for {@code specFile}: a report folder holds one spec's files only,
     * so a second spec with the same name (another file) is refused before it writes anything
     * there. A folder whose owning spec file no longer exists (a moved checkout) is taken over.
     */
    public static void claim(Path reportDir, Path specFile) {
        Path owner = reportDir.resolve(OWNER_FILE);
        Path me = specFile.toAbsolutePath().normalize();
        try {
            Optional<Path> owning = recordedOwner(reportDir);
            if (owning.isPresent()) {
                Path recorded = owning.get();
                if (Files.exists(recorded) && Files.exists(me) && !Files.isSameFile(recorded, me)) {
                    throw LayerprobeException.withFix(
                            reportDir + " belongs to the spec " + recorded + " (see " + owner + "); " + me
                                    + " has the same name",
                            "give this spec another name:, or run it with --reports DIR elsewhere; to hand the"
                                    + " folder over, delete " + owner);
                }
                if (Files.exists(recorded) && recorded.equals(me)) {
                    return;
                }
            }
            AtomicWrites.writeString(owner, me + "\n");
        } catch (IOException e) {
            throw new LayerprobeException("cannot claim the report folder " + reportDir + ": " + e.getMessage());
        }
    }

    /** The spec file that owns {@code reportDir}, when its OWNER file names one that still exists. */
    public static Optional<Path> owningSpec(Path reportDir) {
        try {
            return recordedOwner(reportDir).filter(Files::isRegularFile);
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The spec file {@code reportDir}'s OWNER file records, whether or not it still exists. */
    private static Optional<Path> recordedOwner(Path reportDir) throws IOException {
        Path owner = reportDir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(owner)) {
            return Optional.empty();
        }
        return Optional.of(
                Path.of(Files.readString(owner, StandardCharsets.UTF_8).strip()));
    }

    /** Keeps a copy of the spec in the report directory, for the merge step. */
    public static void keepSpec(Path reportDir, Path specFile) {
        try {
            AtomicWrites.writeString(reportDir.resolve(SPEC_FILE), Files.readString(specFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LayerprobeException("cannot read the spec " + specFile + ": " + e.getMessage());
        }
    }

    /**
     * Writes the report of {@code spec} into {@code dir} from the stored rows of every
     * configuration under the current settings; configurations without rows are listed as missing,
     * and {@code warn} hears of a damaged result file moved aside.
     */
    public static Result write(
            Path dir, ExperimentSpec spec, DataSplits data, List<RunConfig> reused, Consumer<String> warn) {
        RunStore store = new RunStore(dir);
        List<ResultRow> rows = new ArrayList<>();
        List<RunConfig> missing = new ArrayList<>();
        Map<String, Double> timings = new LinkedHashMap<>();
        Set<Path> mine = new HashSet<>();
        List<CkaRows.Network> networks = new ArrayList<>();
        List<PairedRows.Network> paired = new ArrayList<>();
        for (RunConfig c : spec.configs()) {
            String key = RunKey.of(spec, c, data);
            mine.add(store.file(c, key));
            var stored = store.load(c, key, warn);
            if (stored.isEmpty()) {
                missing.add(c);
                continue;
            }
            rows.addAll(stored.get());
            store.loadPredictions(c, key, warn)
                    .ifPresent(p -> paired.add(PairedRows.Network.of(
                            RowIdentity.of(spec.name(), spec.dataset().name(), c.networkId(), c.activation(), c.seed()),
                            stored.get(),
                            p)));
            store.phaseSeconds(c, key).forEach((p, s) -> timings.merge(p, s, Double::sum));
            if (spec.measures().cka()) {
                store.loadGrams(c, key, warn).ifPresent(g -> networks.add(network(spec, c, g, stored.get())));
            }
        }
        // Across networks, CKA needs the Gram matrices of both: computed here, where every shard's are.
        rows.addAll(CkaRows.across(networks, spec.seeds(), spec.measures().ckaDebiased()));
        // Paired tests need every configuration's predictions: computed here, like CKA across networks.
        rows.addAll(PairedRows.of(paired));
        List<Path> others = store.others(mine);
        ActivationAtlas atlas = ActivationAtlas.of(
                spec.activations().stream().map(Activations::get).toList());
        AtlasFiles.write(atlas, dir.resolve("atlas"));
        Map<String, Object> provenance = Provenance.of(spec, spec.configs(), data.identity(), timings);
        provenance.put("reused", reused.stream().map(RunConfig::id).toList());
        provenance.put("missing", missing.stream().map(RunConfig::id).toList());
        provenance.put(
                "other_settings_files",
                others.stream().map(p -> p.getFileName().toString()).toList());
        ReportContext ctx = new ReportContext(
                spec.name(),
                spec.title(),
                spec.question(),
                setup(spec, data, reused, missing, others),
                provenance,
                appendix(atlas, rows));
        return new Result(ReportWriter.write(dir, ctx, rows), missing, others);
    }

    private static CkaRows.Network network(
            ExperimentSpec spec, RunConfig c, Map<String, GramMatrix> grams, List<ResultRow> rows) {
        Map<String, Integer> index = new LinkedHashMap<>();
        rows.forEach(r -> index.putIfAbsent(r.point(), r.pointIndex()));
        RowIdentity id = RowIdentity.of(spec.name(), spec.dataset().name(), c.networkId(), c.activation(), c.seed())
                .atCheckpoint(ResultRow.TRAINED);
        return new CkaRows.Network(id, c, grams, index);
    }

    private static List<AppendixItem> appendix(ActivationAtlas atlas, List<ResultRow> rows) {
        List<AppendixItem> items = new ArrayList<>();
        String health = UnitHealthTable.html(rows);
        if (!health.isEmpty()) {
            items.add(new AppendixItem.Html("Unit health and gradient norms", health));
        }
        items.add(new AppendixItem.Html("Activation atlas", AtlasFragment.html(atlas, "atlas/")));
        return items;
    }

    private static Map<String, String> setup(
            ExperimentSpec spec, DataSplits data, List<RunConfig> reused, List<RunConfig> missing, List<Path> others) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(
                "dataset",
                String.format(
                        Locale.ROOT,
                        "%s (%d train / %d validation / %d test%s)",
                        spec.dataset().name(),
                        data.train().size(),
                        data.validation().size(),
                        data.test().size(),
                        data.identity().containsKey("split")
                                ? "; split " + data.identity().get("split")
                                : ""));
        boolean trains = !spec.architectures().isEmpty();
        if (trains) {
            s.put(
                    "architectures",
                    String.join(
                            "; ",
                            spec.architectures().stream()
                                    .map(a -> a.id() + " = " + a.describeLayers() + ", logits")
                                    .toList()));
        }
        List<ScriptedModel> scripted = spec.models().stream()
                .filter(ScriptedModel.class::isInstance)
                .map(ScriptedModel.class::cast)
                .toList();
        if (!scripted.isEmpty()) {
            s.put(
                    "TorchScript models",
                    String.join(
                            "; ", scripted.stream().map(ScriptedModel::describe).toList()));
            s.put(
                    "not measured on TorchScript models",
                    "the random-init baseline (a scripted model has no initialisation to return to), unit health"
                            + " and gradient norms (its steps are PyTorch's, not known here); their accuracy is"
                            + " measured here on the test split, and their states are what their probe_points"
                            + " method returns in eval mode");
        }
        s.put(
                "states",
                "captured in inference mode: batch norm on its running statistics, dropout off; flatten and"
                        + " dropout are not points (their state is the point before)");
        if (trains) {
            s.put("activations", String.join(", ", spec.activations()));
            s.put("seeds", spec.seeds().toString());
            var t = spec.training();
            s.put(
                    "training",
                    String.format(
                            Locale.ROOT,
                            "%s lr %s, %d epoch(s), batch %d",
                            t.optimizer(),
                            t.learningRate(),
                            t.epochs(),
                            t.batchSize()));
        }
        var p = spec.probes();
        s.put(
                "probes",
                String.format(
                        Locale.ROOT,
                        "multinomial logistic regression on standardised states; %s"
                                + " full-batch L-BFGS (%s) until %s (cap %d passes); L2 chosen on validation from"
                                + " %s; feature reduction %s",
                        p.warmUp().epochs() == 0
                                ? "from zero weights,"
                                : p.warmUp().epochs() + " Adam warm-up epoch(s), then",
                        solver(p.solver()),
                        p.stopping().rule() == StoppingRule.CERTIFIED
                                ? "the objective is certified within "
                                        + p.stopping().gapTolerance()
                                        + " (relative) of the optimum: biases profiled exactly, docs/solver.md"
                                : "the gradient norm is below " + p.stopping().gradTolerance()
                                        + " of its value at zero",
                        p.stopping().maxPasses(),
                        p.l2Grid(),
                        p.states().reduction().describe()));
        s.put("baseline", spec.baseline() ? "same networks at random init (same seed)" : "none");
        if (!reused.isEmpty()) {
            s.put(
                    "reused results",
                    reused.size() + " of " + spec.configs().size()
                            + " configurations were computed by an earlier run with the same settings: "
                            + String.join(
                                    ", ", reused.stream().map(RunConfig::id).toList()));
        }
        if (!missing.isEmpty()) {
            s.put(
                    "missing",
                    missing.size() + " of " + spec.configs().size() + " configurations have no results yet: "
                            + String.join(
                                    ", ", missing.stream().map(RunConfig::id).toList()));
        }
        if (!others.isEmpty()) {
            s.put(
                    "other settings",
                    others.size() + " result file(s) in runs/ were computed under other settings"
                            + " (an edited spec, or an older version); they are kept and not used");
        }
        return s;
    }

    private static String solver(ProbeSettings.Solver p) {
        return switch (p.kind()) {
            case LBFGS -> "plain";
            case PRECONDITIONED ->
                "preconditioned by the feature covariance, Nystrom rank " + p.sketchRank() + " on wide points";
            case AUTO ->
                "preconditioned by the feature covariance where it is not near-isotropic, Nystrom rank "
                        + p.sketchRank() + " on wide points";
        };
    }
}
