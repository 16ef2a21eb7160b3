package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.train.Pretrained;
import org.layerprobe.train.TrainSettings;

/**
 * One experiment, as written in a {@code probes/*.yaml} spec: which networks to train on which
 * dataset, and how to probe them. Validated once, here; {@link SpecParser} adds the file and key.
 *
 * @param name output name, {@code [a-z0-9][a-z0-9._-]*}; the report goes to {@code reports/<name>/}
 * @param title a human title for the report
 * @param question the research question, shown atop the report
 * @param dataset {@code mnist}, {@code fashion-mnist} or a directory of the user's (image folder, IDX, CIFAR-10)
 * @param architectures networks to build (at least one, distinct)
 * @param activations canonical activation names (at least one, distinct)
 * @param seeds training seeds (at least one, distinct)
 * @param training how every network is trained
 * @param testLimit use only the first N test samples (0: all); for quick runs
 * @param probes how probes are fitted
 * @param points probe points to probe (empty: all)
 * @param baseline whether the random-init network is probed too
 * @param measures the measurements beyond probe accuracy (online code, control task, CKA)
 * @param checkpoints optimizer steps (0: random init) at which every point is probed during
 *     training, besides the end of each epoch; empty: only the trained network (and the baseline)
 * @param models networks trained before (saved by {@code layerprobe export}, or TorchScript files
 *     written by {@code scripts/torchscript_export.py}) probed as they are, beside or instead of the
 *     trained ones
 */
public record ExperimentSpec(
        String name,
        String title,
        String question,
        DatasetRef dataset,
        List<ArchitectureSpec> architectures,
        List<String> activations,
        List<Long> seeds,
        TrainSettings training,
        int testLimit,
        ProbeSettings probes,
        List<String> points,
        boolean baseline,
        MeasureSettings measures,
        List<Integer> checkpoints,
        List<Pretrained> models) {

    /** One normal path segment: never "." or "..", which would put the report outside reports/NAME/. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public ExperimentSpec {
        if (name != null && name.length() > 100) {
            throw new LayerprobeException("name is " + name.length() + " characters long; keep it to 100 or fewer"
                    + " (it names the output folder and every row)");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new LayerprobeException(
                    "name = '" + name + "' is invalid; it must start with a letter or digit and contain only"
                            + " [a-z0-9._-] (it names the output folder reports/<name>/, so '.' and '..' are refused)");
        }
        title = title == null || title.isBlank() ? name : title.strip();
        question = question == null ? "" : question.strip();
        if (dataset == null) {
            throw new LayerprobeException("dataset is missing; name mnist, fashion-mnist or {path: DIR}");
        }
        models = models == null ? List.of() : List.copyOf(models);
        architectures = List.copyOf(architectures);
        if (architectures.isEmpty() && models.isEmpty()) {
            throw new LayerprobeException(
                    "architectures is empty; list at least one, e.g. {kind: mlp, sizes: [256, 128]}");
        }
        requireDistinct(
                "architectures",
                architectures.stream().map(ArchitectureSpec::id).toList());
        List<String> canonical = new ArrayList<>();
        for (String a : activations) {
            canonical.add(Activations.get(a).name());
        }
        activations = List.copyOf(canonical);
        if (activations.isEmpty() && !architectures.isEmpty()) {
            throw new LayerprobeException(
                    "activations is empty; valid choices: " + String.join(", ", Activations.names()));
        }
        requireDistinct("activations", activations);
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new LayerprobeException("seeds is empty; list at least one, e.g. [1]");
        }
        requireDistinct("seeds", seeds);
        training = training == null ? TrainSettings.defaults() : training;
        if (testLimit < 0) {
            throw new LayerprobeException("test_limit = " + testLimit + " is invalid; it must be >= 0 (0 = all)");
        }
        probes = probes == null ? ProbeSettings.defaults() : probes;
        points = points == null ? List.of() : List.copyOf(points);
        requireDistinct("points", points);
        measures = measures == null ? MeasureSettings.defaults() : measures;
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        for (int step : checkpoints) {
            if (step < 0) {
                throw new LayerprobeException("checkpoints lists " + step + "; a checkpoint is a number of optimizer"
                        + " steps, >= 0 (0 = random init)");
            }
        }
        requireDistinct("checkpoints", checkpoints);
        if (!models.isEmpty() && !checkpoints.isEmpty()) {
            throw new LayerprobeException("checkpoints cannot be combined with models: a saved model is probed as it"
                    + " is, without the training whose steps checkpoints name");
        }
        requireDistinct(
                "the configurations (architecture, activation and seed of every trained and saved network)",
                configsOf(architectures, activations, seeds, models).stream()
                        .map(c -> c.networkId() + "/" + c.activation() + "/seed " + c.seed())
                        .toList());
    }

    private static void requireDistinct(String key, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                throw new LayerprobeException(key + " lists '" + v + "' twice; each entry must be distinct");
            }
        }
    }

    /** Every run of the sweep: architecture x activation x seed, in spec order (seed varies fastest). */
    public List<RunConfig> configs() {
        return configsOf(architectures, activations, seeds, models);
    }

    private static List<RunConfig> configsOf(
            List<ArchitectureSpec> architectures, List<String> activations, List<Long> seeds, List<Pretrained> models) {
        List<RunConfig> out = new ArrayList<>();
        for (ArchitectureSpec a : architectures) {
            for (String act : activations) {
                for (long s : seeds) {
                    out.add(new RunConfig(a, act, s));
                }
            }
        }
        models.forEach(m -> out.add(RunConfig.of(m)));
        return List.copyOf(out);
    }
}
