package org.layerprobe.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.Activations;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The activation atlas: every registered activation and its derivative on [-5, 5], with the
 * properties a reader compares them by (range, zero-centring, saturation, steepest slope), as
 * values and a table; {@code report.AtlasFiles} draws and writes them.
 */
public final class ActivationAtlas {

    public static final double LO = -5;
    public static final double HI = 5;
    public static final int POINTS = 201;

    private final List<ActivationProfile> profiles;
    private final List<ActivationFunction> functions;

    private ActivationAtlas(List<ActivationFunction> functions, List<ActivationProfile> profiles) {
        this.functions = List.copyOf(functions);
        this.profiles = List.copyOf(profiles);
    }

    /** The atlas of every registered activation, in registry order. */
    public static ActivationAtlas ofRegistry() {
        return of(Activations.all());
    }

    /** The atlas of the given activations, sampled on [LO, HI] at POINTS points. */
    public static ActivationAtlas of(List<ActivationFunction> functions) {
        List<ActivationProfile> profiles = new ArrayList<>(functions.size());
        for (ActivationFunction f : functions) {
            profiles.add(ActivationProfile.of(f, LO, HI, POINTS));
        }
        return new ActivationAtlas(functions, profiles);
    }

    /** One profile per activation, in the order given. */
    public List<ActivationProfile> profiles() {
        return profiles;
    }

    /** The properties as a Tablesaw table, one row per activation. */
    public Table table() {
        Table t = Table.create("activation atlas");
        t.addColumns(
                StringColumn.create("activation", profiles.stream().map(ActivationProfile::name)),
                StringColumn.create(
                        "family", profiles.stream().map(p -> p.family().name().toLowerCase(Locale.ROOT))),
                StringColumn.create("formula", profiles.stream().map(ActivationProfile::formula)),
                DoubleColumn.create("min", profiles.stream().mapToDouble(ActivationProfile::min)),
                DoubleColumn.create("max", profiles.stream().mapToDouble(ActivationProfile::max)),
                DoubleColumn.create("f_at_0", profiles.stream().mapToDouble(ActivationProfile::valueAtZero)),
                BooleanColumn.create("zero_centred", profiles.stream().map(ActivationProfile::zeroCentred)),
                StringColumn.create(
                        "saturates", profiles.stream().map(p -> p.saturation().label())),
                DoubleColumn.create("slope_at_lo", profiles.stream().mapToDouble(ActivationProfile::leftSlope)),
                DoubleColumn.create("slope_at_hi", profiles.stream().mapToDouble(ActivationProfile::rightSlope)),
                DoubleColumn.create(
                        "max_abs_derivative", profiles.stream().mapToDouble(ActivationProfile::maxAbsDerivative)));
        return t;
    }

    /** The {@code i}-th activation and its derivative at {@code xs}, e.g. for a chart. */
    public ActivationCurve curve(int i, double[] xs) {
        return ActivationCurve.of(functions.get(i), xs);
    }
}
