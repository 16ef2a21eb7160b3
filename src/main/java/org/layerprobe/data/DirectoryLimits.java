package org.layerprobe.data;

import java.util.Locale;
import org.layerprobe.LayerprobeException;

/**
 * What the readers of directory datasets (image folders, IDX, CIFAR-10) share: how many samples
 * they copy per DJL batch, and how much of the JVM's memory the loaded tensors may take.
 */
final class DirectoryLimits {

    /** Samples per DJL batch while copying. */
    static final int BATCH = 1000;

    /** The share of the JVM's memory the loaded images may take: the sweep needs the rest. */
    static final double MEMORY_SHARE = 0.5;

    private DirectoryLimits() {}

    /**
     * Refuses, before decoding anything, a set whose float32 tensors would not fit in this JVM's
     * share for data ({@value #MEMORY_SHARE} of its maximum heap) or in one Java array.
     */
    static void requireMemory(DatasetRef.Directory ref, long samples, int sampleSize) {
        long values = samples * sampleSize;
        long bytes = values * Float.BYTES;
        long budget = (long) (Runtime.getRuntime().maxMemory() * MEMORY_SHARE);
        if (values > Integer.MAX_VALUE - 8 || bytes > budget) {
            long fits = Math.max(1, Math.min(budget / Float.BYTES, Integer.MAX_VALUE - 8L) / sampleSize);
            throw LayerprobeException.withFix(
                    String.format(
                            Locale.ROOT,
                            "%s: %,d images of %,d values each take %.1f GiB as float32, more than the %.1f GiB"
                                    + " this JVM allows for data (layerprobe holds a dataset in memory; it does not"
                                    + " stream it)",
                            ref.path(),
                            samples,
                            sampleSize,
                            bytes / (double) (1L << 30),
                            budget / (double) (1L << 30)),
                    String.format(
                            Locale.ROOT,
                            "subsample with training.train_limit and test_limit (about %,d images fit), shrink the"
                                    + " images with image_size and resize: true, or give the JVM more memory"
                                    + " (LAYERPROBE_JAVA_OPTS=-Xmx32g)",
                            fits));
        }
    }
}
