package org.layerprobe.experiment;

import java.util.List;
import org.layerprobe.nets.ArchitectureSpec;

/**
 * Expected relative cost of one configuration, for balancing shards (longest processing time
 * first). Only the ratio matters.
 *
 * <p>A configuration's time is almost all probe passes (on 2 cores a cnn-16-32-d64 configuration
 * trained in 13 of its 581 s, an mlp-256-128 one in 5 of 38.5 s; docs/cluster.md), and the two
 * products of a pass cost in proportion to the states they read per sample ({@code
 * bench pass}: they are compute-bound, at a fixed number of columns per probe). A probe reads its
 * point's states, or those of the narrower point it is an affine map of when the solver fits it
 * through the map (a pre-activation after a narrower input or pooling, as {@code
 * StreamingStates} decides). Passes per point are of the same order (26 to 249 on the Alain
 * &amp; Bengio bench, the wide points in the middle), so the cost is the sum over points of the
 * width each probe reads, on the MNIST sample shape. That weighs cnn-16-32-d64 at 28,362 and
 * mlp-256-128 at 1,562: 18.2 to 1, against the 15.1 measured (581 s and 38.5 s), where a fixed
 * ratio of 7 had stood before.
 */
public final class RunCost {

    /** The sample shape the widths are worked out on (channels, height, width) and its classes. */
    static final int CHANNELS = 1;

    static final int SIDE = 28;
    static final int CLASSES = 10;

    private RunCost() {}

    public static double of(RunConfig config) {
        return readWidth(config.architecture(), CHANNELS, SIDE, CLASSES);
    }

    /**
     * Features the probes of every point of {@code arch} read per sample and pass, on {@code
     * channels} x {@code side} x {@code side} samples with {@code classes} outputs.
     */
    static long readWidth(ArchitectureSpec arch, int channels, int side, int classes) {
        Widths w = new Widths((long) channels * side * side);
        if (arch.kind().equals("mlp")) {
            arch.sizes().forEach(w::layer);
        } else {
            boolean ab = arch.kind().equals("alain-bengio");
            List<Integer> filters = ab ? List.of(32, 64) : arch.sizes();
            long s = side;
            for (int f : filters) {
                long full = f * s * s;
                s /= 2;
                w.conv(full, f * s * s);
            }
            int hidden = ab ? 512 : arch.dense();
            if (hidden > 0) {
                w.layer(hidden);
            }
        }
        w.point(classes);
        return w.total;
    }

    /** The running sum of read widths along a network, point by point. */
    private static final class Widths {
        /** The width of the last point a later affine point could be fitted through. */
        long previous;

        long total;

        Widths(long input) {
            previous = input;
            total = input;
        }

        /** An affine point: fitted through the map when its source is narrower. */
        void point(long width) {
            total += Math.min(previous, width);
        }

        /** A dense layer: pre-activation (affine in the previous point), activation. */
        void layer(long width) {
            point(width);
            total += width;
            previous = width;
        }

        /** A conv block: pre-activation (affine), activation, then its max-pool. */
        void conv(long full, long pooled) {
            point(full);
            total += full + pooled;
            previous = pooled;
        }
    }
}
