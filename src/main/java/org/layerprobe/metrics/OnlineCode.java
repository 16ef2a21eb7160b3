package org.layerprobe.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The online (prequential) code of Voita &amp; Titov, "Information-Theoretic Probing with Minimum
 * Description Length" (2020): the training labels are sent block by block, the first block with
 * the uniform code ({@code log2 K} bits a label), every later block with the cross-entropy, in
 * bits, of a probe fitted on all blocks before it. A layer whose states make the labels easy to
 * predict from few examples gives a short code; the ratio of the uniform codelength to the online
 * codelength is the compression.
 *
 * @param classes K, the number of classes of the labels
 * @param boundaries the schedule's cumulative sample counts t_1 &lt; ... &lt; t_m = n
 * @param blockBits for each block after the first, the bits its labels cost under the probe
 *     fitted on the samples before it ({@code blockBits[i]} codes samples t_{i+1} .. t_{i+2} - 1,
 *     0-based)
 */
public record OnlineCode(int classes, int[] boundaries, double[] blockBits) {

    /** Voita &amp; Titov's block ends, in percent of the training samples. */
    public static final double[] PERCENTS = {0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.25, 12.5, 25, 50, 100};

    public OnlineCode {
        if (blockBits.length != boundaries.length - 1) {
            throw new IllegalArgumentException(boundaries.length + " boundaries need " + (boundaries.length - 1)
                    + " coded blocks, got " + blockBits.length);
        }
        boundaries = boundaries.clone();
        blockBits = blockBits.clone();
    }

    /**
     * Where the blocks of {@code n} training samples end: {@link #PERCENTS} of n, rounded, at least
     * one sample each; ends that coincide on a small set are merged.
     */
    public static int[] schedule(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("an online code needs at least 2 training samples, got " + n);
        }
        List<Integer> ends = new ArrayList<>();
        for (double p : PERCENTS) {
            int t = (int) Math.max(1, Math.min(n, Math.round(p / 100 * n)));
            if (ends.isEmpty() || t > ends.get(ends.size() - 1)) {
                ends.add(t);
            }
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Bits of a block of {@code samples} labels at a mean cross-entropy of {@code meanNats}. */
    public static double bits(double meanNats, int samples) {
        return meanNats * samples / Math.log(2);
    }

    /** Samples coded: the last boundary. */
    public int samples() {
        return boundaries[boundaries.length - 1];
    }

    /** {@code n log2 K}: the labels sent without looking at the states. */
    public double uniformBits() {
        return samples() * log2(classes);
    }

    /** The first block under the uniform code plus every later block under its probe. */
    public double onlineBits() {
        double sum = boundaries[0] * log2(classes);
        for (double b : blockBits) {
            sum += b;
        }
        return sum;
    }

    public double compression() {
        return uniformBits() / onlineBits();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
