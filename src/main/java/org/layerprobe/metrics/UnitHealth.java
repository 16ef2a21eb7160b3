package org.layerprobe.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.ActivationFunction.Family;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/**
 * Health of one layer's units on a validation set, from the layer's pre-activations z and the
 * activation f.
 *
 * @param activation the activation's registry name
 * @param family the activation's family
 * @param units number of units measured
 * @param samples number of validation samples
 * @param deadFraction rectifiers only (else NaN): fraction of units with z &lt;= 0 on every sample
 *     (and every position, for channel units), i.e. never active
 * @param saturatedFraction saturating activations only (else NaN): fraction of units with
 *     |f'(z)| &lt; {@value #SATURATION_THRESHOLD} on more than half of their inputs
 * @param meanAbsDerivative mean |f'(z)| over all units and inputs, for every family
 */
public record UnitHealth(
        String activation,
        Family family,
        int units,
        long samples,
        double deadFraction,
        double saturatedFraction,
        double meanAbsDerivative) {

    /** |f'(z)| below this counts as saturated. */
    public static final double SATURATION_THRESHOLD = 0.01;

    /** Per-sample elements processed at a time (bounds memory on large conv states). */
    private static final int CHUNK_ELEMENTS = ActivationDerivative.CHUNK;

    /**
     * Measures a state of shape (N, ...) with every element of the flattened state as a unit. The
     * array is read, never modified, and may belong to any manager.
     */
    public static UnitHealth measure(ActivationFunction f, NDArray preActivations) {
        return measure(f, preActivations, UnitGranularity.ELEMENT);
    }

    /** Measures a state of shape (N, ...) with units of the given granularity. */
    public static UnitHealth measure(ActivationFunction f, NDArray preActivations, UnitGranularity granularity) {
        Shape shape = preActivations.getShape();
        Layout layout = Layout.of(shape.getShape(), granularity);
        Accumulator acc = new Accumulator(f, layout);
        long rowsPerChunk = Math.max(1, CHUNK_ELEMENTS / layout.elementsPerSample());
        for (long from = 0; from < layout.samples(); from += rowsPerChunk) {
            long to = Math.min(layout.samples(), from + rowsPerChunk);
            float[] z;
            try (NDArray part = preActivations.get(new NDIndex("{}:{}", from, to))) {
                z = ActivationDerivative.toFloats(part);
            }
            acc.add(z);
        }
        return acc.result();
    }

    /**
     * Measures a state given as a flat row-major array of {@code shape} = (N, ...), with units of
     * the given granularity.
     */
    public static UnitHealth measure(
            ActivationFunction f, float[] preActivations, long[] shape, UnitGranularity granularity) {
        Layout layout = Layout.of(shape, granularity);
        if (preActivations.length != layout.samples() * layout.elementsPerSample()) {
            throw new LayerprobeException("pre-activations have " + preActivations.length
                    + " values but shape " + new Shape(shape) + " needs "
                    + layout.samples() * layout.elementsPerSample());
        }
        Accumulator acc = new Accumulator(f, layout);
        int rowLen = layout.elementsPerSample();
        int rowsPerChunk = Math.max(1, CHUNK_ELEMENTS / rowLen);
        for (long from = 0; from < layout.samples(); from += rowsPerChunk) {
            long to = Math.min(layout.samples(), from + rowsPerChunk);
            int a = Math.toIntExact(from * rowLen);
            int b = Math.toIntExact(to * rowLen);
            float[] z = new float[b - a];
            System.arraycopy(preActivations, a, z, 0, z.length);
            acc.add(z);
        }
        return acc.result();
    }

    /** Measures an (N, units) state given as a flat row-major array. */
    public static UnitHealth measure(ActivationFunction f, float[] preActivations, int samples) {
        if (samples <= 0 || preActivations.length % samples != 0) {
            throw new LayerprobeException("cannot split " + preActivations.length + " pre-activations into " + samples
                    + " samples of equal width");
        }
        return measure(
                f, preActivations, new long[] {samples, preActivations.length / samples}, UnitGranularity.ELEMENT);
    }

    /** True when the dead fraction applies (rectifiers). */
    public boolean hasDeadFraction() {
        return !Double.isNaN(deadFraction);
    }

    /** True when the saturated fraction applies (saturating activations). */
    public boolean hasSaturatedFraction() {
        return !Double.isNaN(saturatedFraction);
    }

    /**
     * Rows {@link MetricNames#DEAD_FRACTION}, {@link MetricNames#SATURATED_FRACTION} and {@link
     * MetricNames#MEAN_ABS_DERIVATIVE}, each only where it applies to this family.
     */
    public List<ResultRow> rows(RowIdentity id) {
        List<ResultRow> rows = new ArrayList<>(3);
        if (hasDeadFraction()) {
            rows.add(id.row(MetricNames.DEAD_FRACTION, deadFraction));
        }
        if (hasSaturatedFraction()) {
            rows.add(id.row(MetricNames.SATURATED_FRACTION, saturatedFraction));
        }
        rows.add(id.row(MetricNames.MEAN_ABS_DERIVATIVE, meanAbsDerivative));
        return rows;
    }

    /** How a per-sample state maps onto units. */
    private record Layout(long samples, int elementsPerSample, int units, int positionsPerUnit) {

        static Layout of(long[] shape, UnitGranularity granularity) {
            if (shape.length < 2 || shape[0] <= 0) {
                throw new LayerprobeException("pre-activations must have shape (samples, units...)"
                        + " with at least one sample, got " + new Shape(shape));
            }
            long perSample = 1;
            for (int i = 1; i < shape.length; i++) {
                perSample *= shape[i];
            }
            if (perSample <= 0 || perSample > Integer.MAX_VALUE) {
                throw new LayerprobeException(
                        "a state of shape " + new Shape(shape) + " has no units or too many to measure");
            }
            int elements = (int) perSample;
            if (granularity == UnitGranularity.CHANNEL) {
                int channels = (int) shape[1];
                return new Layout(shape[0], elements, channels, elements / channels);
            }
            return new Layout(shape[0], elements, elements, 1);
        }

        int unitOf(int element) {
            return element / positionsPerUnit;
        }
    }

    /** Per-unit counts, filled one chunk of whole samples at a time. */
    private static final class Accumulator {
        private final ActivationFunction f;
        private final Layout layout;
        private final boolean[] everActive;
        private final long[] saturatedCount;
        private double sumAbsDerivative;
        private long seenSamples;

        Accumulator(ActivationFunction f, Layout layout) {
            this.f = f;
            this.layout = layout;
            this.everActive = new boolean[layout.units()];
            this.saturatedCount = new long[layout.units()];
        }

        void add(float[] z) {
            float[] d = ActivationDerivative.of(f, z);
            int rowLen = layout.elementsPerSample();
            for (int i = 0; i < z.length; i++) {
                int unit = layout.unitOf(i % rowLen);
                double abs = Math.abs(d[i]);
                sumAbsDerivative += abs;
                if (z[i] > 0) {
                    everActive[unit] = true;
                }
                if (abs < SATURATION_THRESHOLD) {
                    saturatedCount[unit]++;
                }
            }
            seenSamples += z.length / rowLen;
        }

        UnitHealth result() {
            int units = layout.units();
            double dead = Double.NaN;
            if (f.family() == Family.RECTIFIER) {
                int n = 0;
                for (boolean active : everActive) {
                    n += active ? 0 : 1;
                }
                dead = (double) n / units;
            }
            double saturated = Double.NaN;
            if (f.family() == Family.SATURATING) {
                long inputsPerUnit = seenSamples * layout.positionsPerUnit();
                int n = 0;
                for (long c : saturatedCount) {
                    // "more than half": strictly more, so a unit saturated on exactly half is not
                    n += 2 * c > inputsPerUnit ? 1 : 0;
                }
                saturated = (double) n / units;
            }
            double mean = sumAbsDerivative / ((double) seenSamples * layout.elementsPerSample());
            return new UnitHealth(f.name(), f.family(), units, seenSamples, dead, saturated, mean);
        }
    }
}
