package org.layerprobe.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.layerprobe.LayerprobeException;

/**
 * Seeded, deterministic splitting of labelled data: the same data and seed always give the same
 * split, on any machine, because the permutation comes from {@code java.util.Random}, whose
 * sequence is specified by the Java platform.
 */
public final class Splits {

    private Splits() {}

    /**
     * A training set and the validation set carved from it.
     *
     * @param train the samples left for training, in their original order
     * @param validation the held-out samples, in their original order
     */
    public record TrainValidation(LabeledData train, LabeledData validation) {}

    /**
     * Holds out {@code validationSize} samples of {@code train}, chosen by a seeded permutation.
     * Both parts keep the original sample order, so the split does not reorder the data itself.
     */
    public static TrainValidation carve(LabeledData train, int validationSize, long seed) {
        if (validationSize < 0 || validationSize >= train.size()) {
            throw LayerprobeException.withFix(
                    "validation size " + validationSize + " must be in [0, " + train.size() + ") for a training set of "
                            + train.size() + " samples",
                    "choose a smaller validation size or load more training samples");
        }
        int[] perm = permutation(train.size(), seed);
        int[] validation = Arrays.copyOfRange(perm, 0, validationSize);
        int[] rest = Arrays.copyOfRange(perm, validationSize, perm.length);
        Arrays.sort(validation);
        Arrays.sort(rest);
        LabeledData left = train.select(rest);
        requireEveryClassKept(train, left, validationSize);
        return new TrainValidation(left, train.select(validation));
    }

    /**
     * Refuses a carve that takes every sample of a class out of training: a probe's bias for that
     * class then has no finite optimum (its loss falls for ever as the bias goes down), so no fit
     * could be certified, and the network never learns the class either. A class absent from the
     * data itself (labels that start at 1, say) is the data's business, not the carve's.
     */
    private static void requireEveryClassKept(LabeledData all, LabeledData left, int validationSize) {
        boolean[] before = present(all);
        boolean[] after = present(left);
        StringBuilder missing = new StringBuilder();
        int count = 0;
        for (int c = 0; c < before.length; c++) {
            if (before[c] && !after[c]) {
                missing.append(count++ == 0 ? "" : ", ").append(c);
            }
        }
        if (count > 0) {
            throw LayerprobeException.withFix(
                    "a validation size of " + validationSize + " leaves " + left.size() + " training sample"
                            + (left.size() == 1 ? "" : "s") + " of "
                            + all.size() + ", none of class" + (count == 1 ? " " : "es ") + missing
                            + ": neither the network nor a probe can fit a class it never sees",
                    "choose a smaller validation size (validation_size, --validation-size) or a larger train limit");
        }
    }

    private static boolean[] present(LabeledData data) {
        boolean[] seen = new boolean[data.numClasses()];
        for (int label : data.labels()) {
            seen[label] = true;
        }
        return seen;
    }

    /**
     * Splits one pool of samples (e.g. a synthetic set) into train, validation and test with a
     * seeded permutation; {@code fileHashes} is empty because nothing was read from files.
     */
    public static DataSplits partition(String name, LabeledData all, int validationSize, int testSize, long seed) {
        if (validationSize < 0 || testSize < 0 || validationSize + testSize >= all.size()) {
            throw LayerprobeException.withFix(
                    "validation size " + validationSize + " plus test size " + testSize
                            + " must leave training samples out of " + all.size(),
                    "generate more samples or hold out fewer");
        }
        int[] perm = permutation(all.size(), seed);
        int[] test = sorted(perm, 0, testSize);
        int[] validation = sorted(perm, testSize, testSize + validationSize);
        int[] train = sorted(perm, testSize + validationSize, perm.length);
        return new DataSplits(name, all.select(train), all.select(validation), all.select(test), Map.of());
    }

    /** A Fisher-Yates permutation of {@code 0..n-1} driven by {@code new Random(seed)}. */
    public static int[] permutation(int n, long seed) {
        Random random = new Random(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    private static int[] sorted(int[] perm, int from, int to) {
        int[] part = Arrays.copyOfRange(perm, from, to);
        Arrays.sort(part);
        return part;
    }
}
