package org.layerprobe.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * Two probes scored on the same test images, compared image by image: only the images one gets
 * right and the other wrong carry information (McNemar). The exact test is a two-sided binomial
 * test of those discordant counts against 1/2.
 *
 * @param onlyFirstRight images the first probe gets right and the second wrong
 * @param onlySecondRight images the second gets right and the first wrong
 * @param images test images compared (summed over seeds where several are pooled)
 * @param pValue the exact two-sided McNemar p-value, before any correction
 */
public record PairedComparison(long onlyFirstRight, long onlySecondRight, long images, double pValue) {

    /** The exact McNemar test of the discordant counts. */
    public static PairedComparison mcnemar(long onlyFirstRight, long onlySecondRight, long images) {
        long discordant = onlyFirstRight + onlySecondRight;
        double p = discordant == 0
                ? 1.0
                : BinomialTest.withDefaults()
                        .with(AlternativeHypothesis.TWO_SIDED)
                        .test((int) discordant, (int) onlyFirstRight, 0.5)
                        .getPValue();
        return new PairedComparison(onlyFirstRight, onlySecondRight, images, Math.min(1, p));
    }

    /** Compares per-image correctness (same images, same order). */
    public static PairedComparison of(boolean[] firstCorrect, boolean[] secondCorrect) {
        if (firstCorrect.length != secondCorrect.length) {
            throw new IllegalArgumentException("compared on " + firstCorrect.length + " and " + secondCorrect.length
                    + " images: not the same test set");
        }
        long a = 0;
        long b = 0;
        for (int i = 0; i < firstCorrect.length; i++) {
            if (firstCorrect[i] && !secondCorrect[i]) {
                a++;
            } else if (!firstCorrect[i] && secondCorrect[i]) {
                b++;
            }
        }
        return mcnemar(a, b, firstCorrect.length);
    }

    /** Pooled with another comparison of the same pair (another seed): the discordant counts add. */
    public PairedComparison plus(PairedComparison other) {
        return mcnemar(
                onlyFirstRight + other.onlyFirstRight, onlySecondRight + other.onlySecondRight, images + other.images);
    }

    /** The first probe's error minus the second's, in fractions of the images. */
    public double errorDifference() {
        return (double) (onlySecondRight - onlyFirstRight) / images;
    }
}
