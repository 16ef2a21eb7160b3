package org.layerprobe.report.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.layerprobe.results.ResultRow;

/**
 * The summarised numbers of one {@link PanelKey}: probe test error per (activation, checkpoint,
 * point), the model's own test accuracy per (activation, checkpoint), and each point's width.
 *
 * @param key what the panel is about
 * @param points probe points ordered by position in the network
 * @param activations activations in the order they first appear in the rows
 * @param probeErrors probe test error stats (fractions)
 * @param modelAccuracy model test accuracy stats (fractions), keyed with point {@code model}
 * @param dimensions flattened width of each point's state, by point name
 * @param majorityError the majority-class test error per (activation, trained), point {@code model}
 * @param paired the paired comparisons of each cell, Holm-adjusted p-value by family suffix
 *     ({@code prev}, {@code input}, {@code init}, {@code vs_<activation>})
 * @param largestRelativeGap the largest certified gap bound of the panel's probe fits as a fraction
 *     of its objective, NaN where no fit recorded one
 */
public record SeparabilityPanel(
        PanelKey key,
        List<ProbePoint> points,
        List<String> activations,
        Map<Key, CellStats> probeErrors,
        Map<Key, CellStats> modelAccuracy,
        Map<String, Long> dimensions,
        Map<Key, CellStats> majorityError,
        Map<Key, Map<String, Double>> paired,
        double largestRelativeGap) {

    /** Addresses one cell of a panel. */
    public record Key(String activation, String checkpoint, String point) {}

    public SeparabilityPanel {
        points = List.copyOf(points);
        activations = List.copyOf(activations);
        probeErrors = Collections.unmodifiableMap(new LinkedHashMap<>(probeErrors));
        modelAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(modelAccuracy));
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        majorityError = Collections.unmodifiableMap(new LinkedHashMap<>(majorityError));
        paired = Collections.unmodifiableMap(new LinkedHashMap<>(paired));
    }

    /**
     * The Holm-adjusted p-value of one paired comparison of a cell ({@code prev}, {@code input},
     * {@code init} or {@code vs_<activation>}); empty where none was computed (rows of an earlier
     * version, or a comparison without both sides).
     */
    public OptionalDouble pairedP(String activation, String checkpoint, String point, String family) {
        Double p = paired.getOrDefault(new Key(activation, checkpoint, point), Map.of())
                .get(family);
        return p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
    }

    /** The majority-class test error (the floor) of one activation's networks. */
    public Optional<CellStats> majorityError(String activation) {
        return Optional.ofNullable(majorityError.get(new Key(activation, ResultRow.TRAINED, ResultRow.MODEL_POINT)));
    }

    /** True when a majority-class error was stored for some activation. */
    public boolean hasMajorityError() {
        return !majorityError.isEmpty();
    }

    /** Probe test error stats of one cell, if any seed produced one. */
    public Optional<CellStats> error(String activation, String checkpoint, String point) {
        return Optional.ofNullable(probeErrors.get(new Key(activation, checkpoint, point)));
    }

    /** Model test accuracy stats of one activation at one checkpoint. */
    public Optional<CellStats> modelAccuracy(String activation, String checkpoint) {
        return Optional.ofNullable(modelAccuracy.get(new Key(activation, checkpoint, ResultRow.MODEL_POINT)));
    }

    /** Width of a point's state, if a {@code dimension} row was stored. */
    public Optional<Long> dimension(String point) {
        return Optional.ofNullable(dimensions.get(point));
    }

    /** True when random-init baseline probes were measured for this panel. */
    public boolean hasInit() {
        return probeErrors.keySet().stream().anyMatch(k -> ResultRow.INIT.equals(k.checkpoint()));
    }

    /** True when the model's own test accuracy was measured for some activation. */
    public boolean hasModelAccuracy() {
        return modelAccuracy.keySet().stream().anyMatch(k -> ResultRow.TRAINED.equals(k.checkpoint()));
    }
}
