package org.layerprobe.probe.states;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.layerprobe.LayerprobeException;

/**
 * Optional reduction of very wide probe points, off by default and always recorded with the
 * results: a probe on reduced features answers a narrower question than one on the full state.
 *
 * @param kind {@code none}, {@code channel-mean} (mean over the spatial axes of a (C, H, W) state)
 *     or {@code random-subset} (a fixed seeded subset of {@code size} flattened features)
 * @param threshold only points wider than this many features are reduced
 * @param size features kept by {@code random-subset}
 * @param seed seed of the random subset
 */
public record FeatureReduction(String kind, int threshold, int size, long seed) {

    public FeatureReduction {
        kind = kind == null ? "none" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("none") && !kind.equals("channel-mean") && !kind.equals("random-subset")) {
            throw new LayerprobeException(
                    "unknown feature reduction '" + kind + "'; valid choices: none, channel-mean, random-subset");
        }
        if (kind.equals("random-subset") && size < 1) {
            throw new LayerprobeException("feature reduction random-subset needs size >= 1, got " + size);
        }
    }

    public static FeatureReduction none() {
        return new FeatureReduction("none", 0, 0, 0);
    }

    /** Parses {@code none}, {@code channel-mean[:threshold]} or {@code random-subset:size[:threshold]}. */
    public static FeatureReduction parse(String text) {
        String[] p = text.trim().split(":");
        try {
            return switch (p[0]) {
                case "none" -> none();
                case "channel-mean" ->
                    new FeatureReduction("channel-mean", p.length > 1 ? Integer.parseInt(p[1]) : 4096, 0, 0);
                case "random-subset" ->
                    new FeatureReduction(
                            "random-subset", p.length > 2 ? Integer.parseInt(p[2]) : 4096, Integer.parseInt(p[1]), 0);
                default -> new FeatureReduction(p[0], 0, 0, 0);
            };
        } catch (RuntimeException e) {
            if (e instanceof LayerprobeException le) {
                throw le;
            }
            throw new LayerprobeException("feature reduction '" + text
                    + "' is invalid; use none, channel-mean[:threshold] or random-subset:size[:threshold]");
        }
    }

    /** A label for tables, e.g. {@code none}, {@code channel-mean>4096}, {@code random-subset(2048)>4096}. */
    public String describe() {
        return switch (kind) {
            case "none" -> "none";
            case "channel-mean" -> "channel-mean>" + threshold;
            default -> "random-subset(" + size + ")>" + threshold;
        };
    }

    /** Flattened width of a state of per-sample shape {@code sampleShape} after reduction. */
    public long reducedWidth(long[] sampleShape) {
        long d = 1;
        for (long s : sampleShape) {
            d *= s;
        }
        if (kind.equals("none") || d <= threshold) {
            return d;
        }
        if (kind.equals("channel-mean")) {
            return sampleShape.length == 3 ? sampleShape[0] : d;
        }
        return Math.min(d, size);
    }

    /** Flattens a batch of states (B, ...) to (B, d'), reducing it when configured. */
    public NDArray apply(NDArray state, NDManager manager) {
        long b = state.getShape().get(0);
        long d = state.getShape().size() / b;
        NDArray flat = state.reshape(b, d);
        if (kind.equals("none") || d <= threshold) {
            return flat;
        }
        if (kind.equals("channel-mean")) {
            return state.getShape().dimension() == 4 ? state.mean(new int[] {2, 3}) : flat;
        }
        if (size >= d) {
            return flat;
        }
        return flat.get(manager.create(subset((int) d)));
    }

    /** The same seeded subset every call, so train, validation and test see the same features. */
    private int[] subset(int d) {
        {
            int[] all = new int[d];
            for (int i = 0; i < d; i++) {
                all[i] = i;
            }
            Random rnd = new Random(seed ^ d);
            for (int i = 0; i < size; i++) {
                int j = i + rnd.nextInt(d - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            int[] pick = Arrays.copyOf(all, size);
            Arrays.sort(pick);
            return pick;
        }
    }
}
