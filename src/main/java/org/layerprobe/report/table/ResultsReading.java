package org.layerprobe.report.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/**
 * Writes a short plain-language reading of each panel, every number computed from the rows: which
 * activation first gets close to the best final error, where the error drops most, which nets gain
 * nothing over probing the raw input, what training adds over random init, model accuracy, and
 * how many probes failed to converge. Trained means are compared; seeds' spread is in the tables.
 */
public final class ResultsReading {

    /** "Close to the best": within one percentage point of the best final-point error. */
    public static final double THRESHOLD_MARGIN = 0.01;
    /** What the reading says of a difference its paired test does not support. */
    public static final String NOT_DISTINGUISHABLE = "not distinguishable at this test size";
    /**
     * Without paired tests (rows of an earlier version), a last hidden point must beat the input
     * probe by more than this to count as a gain.
     */
    public static final double GAIN_MARGIN = 0.005;

    /** Names of an output point; the point before it is then the last hidden one. */
    private static final Set<String> OUTPUT_NAMES = Set.of("logits", "output", "out", "scores");

    private ResultsReading() {}

    /** A reading per panel, titled like its table. */
    public static List<PanelReading> of(List<SeparabilityPanel> panels) {
        boolean withRun = panels.stream().map(p -> p.key().run()).distinct().count() > 1;
        return panels.stream()
                .map(p -> of(p, withRun ? p.key().labelWithRun() : p.key().label()))
                .toList();
    }

    /** The reading of one panel. */
    public static PanelReading of(SeparabilityPanel p, String title) {
        List<String> sentences = new ArrayList<>();
        threshold(p).ifPresent(sentences::add);
        largestDrop(p).ifPresent(sentences::add);
        gainOverInput(p).ifPresent(sentences::add);
        trainedVsInit(p).ifPresent(sentences::add);
        activationPairs(p).ifPresent(sentences::add);
        modelAccuracy(p).ifPresent(sentences::add);
        sentences.add(convergence(p));
        return new PanelReading(title, sentences);
    }

    /** The last point before an output point, or the last point; empty if that is the input. */
    public static Optional<ProbePoint> lastHiddenPoint(SeparabilityPanel p) {
        List<ProbePoint> points = p.points();
        int last = points.size() - 1;
        if (last >= 1 && OUTPUT_NAMES.contains(points.get(last).name().toLowerCase(Locale.ROOT))) {
            last--;
        }
        return last >= 1 ? Optional.of(points.get(last)) : Optional.empty();
    }

    static Optional<String> threshold(SeparabilityPanel p) {
        ProbePoint last = p.points().get(p.points().size() - 1);
        Optional<String> best = p.activations().stream()
                .filter(a -> trained(p, a, last).isPresent())
                .min(Comparator.comparingDouble(a -> trained(p, a, last).getAsDouble()));
        if (best.isEmpty()) {
            return Optional.empty();
        }
        double bestError = trained(p, best.get(), last).getAsDouble();
        double threshold = bestError + THRESHOLD_MARGIN;
        record Reach(String activation, int position, double error) {}
        List<Reach> reached = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (String a : p.activations()) {
            Optional<Reach> first = Optional.empty();
            for (int i = 0; i < p.points().size() && first.isEmpty(); i++) {
                OptionalDouble e = trained(p, a, p.points().get(i));
                if (e.isPresent() && e.getAsDouble() <= threshold) {
                    first = Optional.of(new Reach(a, i, e.getAsDouble()));
                }
            }
            first.ifPresentOrElse(reached::add, () -> never.add(a));
        }
        reached.sort(Comparator.comparingInt(Reach::position).thenComparingDouble(Reach::error));
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "Threshold %s%% (the best final-point error, %s%% for %s at %s, plus %s point):",
                StatText.percent(threshold),
                StatText.percent(bestError),
                best.get(),
                last.name(),
                trimmed(100 * THRESHOLD_MARGIN)));
        int firstPosition = reached.get(0).position();
        List<String> leaders = reached.stream()
                .filter(r -> r.position() == firstPosition)
                .map(Reach::activation)
                .toList();
        s.append(" first reached by ")
                .append(and(leaders))
                .append(" at ")
                .append(p.points().get(firstPosition).name())
                .append(String.format(
                        Locale.ROOT,
                        " (point %d of %d)",
                        firstPosition + 1,
                        p.points().size()));
        List<String> later = reached.stream()
                .filter(r -> r.position() != firstPosition)
                .map(r -> r.activation() + " at " + p.points().get(r.position()).name())
                .toList();
        if (!later.isEmpty()) {
            s.append("; then ").append(String.join(", ", later));
        }
        if (!never.isEmpty()) {
            s.append("; never reached by ").append(and(never));
        }
        return Optional.of(s.append('.').toString());
    }

    static Optional<String> largestDrop(SeparabilityPanel p) {
        List<ProbePoint> points = p.points();
        int bestPair = -1;
        double bestDrop = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < points.size(); i++) {
            OptionalDouble drop = meanDrop(p, points.get(i), points.get(i + 1));
            if (drop.isPresent() && drop.getAsDouble() > bestDrop) {
                bestDrop = drop.getAsDouble();
                bestPair = i;
            }
        }
        if (bestPair < 0) {
            return Optional.empty();
        }
        ProbePoint from = points.get(bestPair);
        ProbePoint to = points.get(bestPair + 1);
        if (bestDrop <= 0) {
            return Optional.of("No consecutive pair of points lowers the probe error on average;"
                    + " the smallest rise is from " + from.name() + " to " + to.name() + ".");
        }
        List<String> each = new ArrayList<>();
        for (String a : p.activations()) {
            OptionalDouble e1 = trained(p, a, from);
            OptionalDouble e2 = trained(p, a, to);
            if (e1.isPresent() && e2.isPresent()) {
                each.add(a + " " + StatText.percent(e1.getAsDouble() - e2.getAsDouble()));
            }
        }
        StringBuilder s = new StringBuilder("The largest drop in probe error between consecutive"
                + " points is from " + from.name() + " to " + to.name() + ": "
                + StatText.percent(bestDrop) + " points on average over activations ("
                + String.join(", ", each) + ").");
        // Name the activations whose own steepest step lies elsewhere: that is a finding too.
        List<String> elsewhere = new ArrayList<>();
        for (String a : p.activations()) {
            int own = -1;
            double ownDrop = Double.NEGATIVE_INFINITY;
            for (int i = 0; i + 1 < points.size(); i++) {
                OptionalDouble e1 = trained(p, a, points.get(i));
                OptionalDouble e2 = trained(p, a, points.get(i + 1));
                if (e1.isPresent() && e2.isPresent() && e1.getAsDouble() - e2.getAsDouble() > ownDrop) {
                    ownDrop = e1.getAsDouble() - e2.getAsDouble();
                    own = i;
                }
            }
            if (own >= 0 && own != bestPair && ownDrop > 0) {
                elsewhere.add(a + " drops most from " + points.get(own).name() + " to "
                        + points.get(own + 1).name() + " (" + StatText.percent(ownDrop) + ")");
            }
        }
        if (!elsewhere.isEmpty()) {
            s.append(" Instead, ").append(String.join("; ", elsewhere)).append('.');
        }
        List<String> real = new ArrayList<>();
        List<String> notReal = new ArrayList<>();
        for (String a : p.activations()) {
            significant(p, a, ResultRow.TRAINED, to.name(), MetricNames.PAIRED_PREV)
                    .ifPresent(sig -> (sig ? real : notReal).add(a));
        }
        if (!real.isEmpty() || !notReal.isEmpty()) {
            s.append(" That step is significant (paired test, Holm-adjusted p ≤ ")
                    .append(trimmed(CellStats.ALPHA))
                    .append(") for ")
                    .append(real.isEmpty() ? "none" : and(real));
            if (!notReal.isEmpty()) {
                s.append("; for ").append(and(notReal)).append(" it is ").append(NOT_DISTINGUISHABLE);
            }
            s.append('.');
        }
        return Optional.of(s.toString());
    }

    static Optional<String> gainOverInput(SeparabilityPanel p) {
        Optional<ProbePoint> hidden = lastHiddenPoint(p);
        if (hidden.isEmpty()) {
            return Optional.empty();
        }
        ProbePoint input = p.points().get(0);
        List<String> none = new ArrayList<>();
        List<String> gains = new ArrayList<>();
        for (String a : p.activations()) {
            OptionalDouble in = trained(p, a, input);
            OptionalDouble out = trained(p, a, hidden.get());
            if (in.isEmpty() || out.isEmpty()) {
                continue;
            }
            double gain = in.getAsDouble() - out.getAsDouble();
            String numbers = StatText.percent(in.getAsDouble()) + "% → " + StatText.percent(out.getAsDouble()) + "%";
            Optional<Boolean> significant =
                    significant(p, a, ResultRow.TRAINED, hidden.get().name(), MetricNames.PAIRED_INPUT);
            boolean gained = significant.map(sig -> sig && gain > 0).orElse(gain > GAIN_MARGIN);
            (gained ? gains : none)
                    .add(a + " " + numbers
                            + (significant.isPresent() && !gained && gain > 0 ? " (" + NOT_DISTINGUISHABLE + ")" : ""));
        }
        if (none.isEmpty() && gains.isEmpty()) {
            return Optional.empty();
        }
        String margin = trimmed(100 * GAIN_MARGIN) + " points";
        if (none.isEmpty()) {
            return Optional.of(
                    "Every activation's last hidden point (" + hidden.get().name()
                            + ") beats the input probe (" + input.name() + ") by more than " + margin + ": "
                            + String.join(", ", gains) + ".");
        }
        return Optional.of("No gain over the input probe at the last hidden point "
                + hidden.get().name() + " (error not more than " + margin + " below that at "
                + input.name() + "): " + String.join(", ", none)
                + (gains.isEmpty() ? "." : "; the others gain: " + String.join(", ", gains) + "."));
    }

    static Optional<String> trainedVsInit(SeparabilityPanel p) {
        Optional<ProbePoint> hidden = lastHiddenPoint(p);
        if (!p.hasInit() || hidden.isEmpty()) {
            return Optional.empty();
        }
        List<String> helped = new ArrayList<>();
        List<String> notHelped = new ArrayList<>();
        for (String a : p.activations()) {
            OptionalDouble t = trained(p, a, hidden.get());
            OptionalDouble i = mean(p.error(a, ResultRow.INIT, hidden.get().name()));
            if (t.isEmpty() || i.isEmpty()) {
                continue;
            }
            String numbers = StatText.percent(t.getAsDouble()) + "% trained vs "
                    + StatText.percent(i.getAsDouble()) + "% init, "
                    + StatText.points(t.getAsDouble() - i.getAsDouble()) + " points";
            Optional<Boolean> significant =
                    significant(p, a, ResultRow.TRAINED, hidden.get().name(), MetricNames.PAIRED_INIT);
            boolean lower = significant
                    .map(sig -> sig && t.getAsDouble() < i.getAsDouble())
                    .orElse(t.getAsDouble() < i.getAsDouble() - GAIN_MARGIN);
            (lower ? helped : notHelped)
                    .add(a + " (" + numbers
                            + (significant.isPresent() && !lower && t.getAsDouble() < i.getAsDouble()
                                    ? "; " + NOT_DISTINGUISHABLE
                                    : "")
                            + ")");
        }
        if (helped.isEmpty() && notHelped.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("At " + hidden.get().name() + ", training ");
        if (!helped.isEmpty()) {
            s.append("lowers the probe error below the random-init baseline for ")
                    .append(String.join(", ", helped));
        }
        if (!notHelped.isEmpty()) {
            s.append(helped.isEmpty() ? "" : "; it ")
                    .append("does not beat the random-init baseline by more than ")
                    .append(trimmed(100 * GAIN_MARGIN))
                    .append(" points for ")
                    .append(String.join(", ", notHelped));
        }
        return Optional.of(s.append('.').toString());
    }

    /**
     * Which activations differ at the last point, by paired tests on the same test images: the
     * reader's "relu against tanh", stated only where it is significant.
     */
    static Optional<String> activationPairs(SeparabilityPanel p) {
        ProbePoint last = p.points().get(p.points().size() - 1);
        List<String> differ = new ArrayList<>();
        List<String> same = new ArrayList<>();
        List<String> acts = p.activations();
        for (int i = 0; i < acts.size(); i++) {
            for (int j = i + 1; j < acts.size(); j++) {
                String a = acts.get(i);
                String b = acts.get(j);
                OptionalDouble pv = p.pairedP(a, ResultRow.TRAINED, last.name(), MetricNames.PAIRED_VS + b);
                OptionalDouble ea = trained(p, a, last);
                OptionalDouble eb = trained(p, b, last);
                if (pv.isEmpty() || ea.isEmpty() || eb.isEmpty()) {
                    continue;
                }
                String better = ea.getAsDouble() <= eb.getAsDouble() ? a : b;
                String worse = better.equals(a) ? b : a;
                if (pv.getAsDouble() <= CellStats.ALPHA) {
                    differ.add(better + " below " + worse + " ("
                            + StatText.points(Math.abs(ea.getAsDouble() - eb.getAsDouble()))
                                    .substring(1) + " points, " + StatText.pValue(pv.getAsDouble()) + ")");
                } else {
                    same.add(a + "/" + b);
                }
            }
        }
        if (differ.isEmpty() && same.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder("Activations at " + last.name() + " (paired tests, Holm-adjusted): ");
        s.append(differ.isEmpty() ? "no pair differs significantly" : String.join("; ", differ));
        if (!same.isEmpty()) {
            s.append(differ.isEmpty() ? " (" : "; ")
                    .append(String.join(", ", same))
                    .append(' ')
                    .append(same.size() == 1 ? "is " : "are ")
                    .append(NOT_DISTINGUISHABLE)
                    .append(differ.isEmpty() ? ")" : "");
        }
        return Optional.of(s.append('.').toString());
    }

    /** Whether a cell's paired comparison is significant; empty where none was computed. */
    private static Optional<Boolean> significant(
            SeparabilityPanel p, String activation, String checkpoint, String point, String family) {
        OptionalDouble v = p.pairedP(activation, checkpoint, point, family);
        return v.isPresent() ? Optional.of(v.getAsDouble() <= CellStats.ALPHA) : Optional.empty();
    }

    static Optional<String> modelAccuracy(SeparabilityPanel p) {
        List<String> measured = p.activations().stream()
                .filter(a -> mean(p.modelAccuracy(a, ResultRow.TRAINED)).isPresent())
                .sorted(Comparator.comparingDouble((String a) ->
                                mean(p.modelAccuracy(a, ResultRow.TRAINED)).getAsDouble())
                        .reversed())
                .toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        String best = measured.get(0);
        String first = "Model test accuracy: " + accuracy(p, best) + " for " + best;
        if (measured.size() == 1) {
            return Optional.of(first + ".");
        }
        String worst = measured.get(measured.size() - 1);
        return Optional.of(first + " (highest), " + accuracy(p, worst) + " for " + worst + " (lowest).");
    }

    static String convergence(SeparabilityPanel p) {
        int fits = 0;
        int unconverged = 0;
        int unrecorded = 0;
        for (CellStats s : p.probeErrors().values()) {
            fits += s.n() + s.missing();
            unconverged += s.unconverged();
            unrecorded += s.unrecorded();
        }
        String gap = Double.isNaN(p.largestRelativeGap())
                ? ""
                : String.format(
                        Locale.ROOT,
                        " (certified: the largest bound on a fit's distance to its optimum is %.1e of its objective)",
                        p.largestRelativeGap());
        if (unconverged == 0 && unrecorded == 0) {
            return "All " + fits + " probe fits converged" + gap + ".";
        }
        List<String> parts = new ArrayList<>();
        if (unconverged > 0) {
            parts.add(unconverged + " of " + fits + " probe fits did not converge (marked " + StatText.UNCONVERGED_MARK
                    + " in the table)" + unconvergedWhere(p) + ".");
        }
        if (unrecorded > 0) {
            parts.add(unrecorded + " of " + fits + " probe fits have no convergence record"
                    + " (marked " + StatText.UNRECORDED_MARK + "), so they are not known to have"
                    + " converged.");
        }
        return String.join(" ", parts);
    }

    /** Where the unconverged probes are, per activation and checkpoint, in network order. */
    private static String unconvergedWhere(SeparabilityPanel p) {
        List<String> groups = new ArrayList<>();
        for (String a : p.activations()) {
            for (String checkpoint : List.of(ResultRow.TRAINED, ResultRow.INIT)) {
                List<String> points = p.points().stream()
                        .map(ProbePoint::name)
                        .filter(point -> p.error(a, checkpoint, point)
                                        .map(CellStats::unconverged)
                                        .orElse(0)
                                > 0)
                        .toList();
                if (points.isEmpty()) {
                    continue;
                }
                String label = ResultRow.INIT.equals(checkpoint) ? a + " init" : a;
                groups.add(label + " at "
                        + (points.size() == p.points().size() ? "every point" : String.join(", ", points)));
            }
        }
        return groups.isEmpty() ? "" : ": " + String.join("; ", groups);
    }

    private static OptionalDouble meanDrop(SeparabilityPanel p, ProbePoint from, ProbePoint to) {
        return p.activations().stream()
                .filter(a ->
                        trained(p, a, from).isPresent() && trained(p, a, to).isPresent())
                .mapToDouble(a ->
                        trained(p, a, from).getAsDouble() - trained(p, a, to).getAsDouble())
                .average();
    }

    private static OptionalDouble trained(SeparabilityPanel p, String activation, ProbePoint point) {
        return mean(p.error(activation, ResultRow.TRAINED, point.name()));
    }

    private static OptionalDouble mean(Optional<CellStats> stats) {
        return stats.filter(CellStats::hasValue)
                .filter(s -> Double.isFinite(s.mean()))
                .map(s -> OptionalDouble.of(s.mean()))
                .orElse(OptionalDouble.empty());
    }

    private static String accuracy(SeparabilityPanel p, String activation) {
        return StatText.percent(
                        mean(p.modelAccuracy(activation, ResultRow.TRAINED)).getAsDouble()) + "%";
    }

    private static String and(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** 1.0 -> "1", 0.5 -> "0.5": margins read better without trailing zeros. */
    private static String trimmed(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
