package org.layerprobe.metrics;

/**
 * The floor of every separability table: the test error of always answering the class most
 * frequent in the training labels (ties to the lowest class index).
 */
public final class MajorityClass {

    private MajorityClass() {}

    /** The training set's most frequent class. */
    public static int of(int[] trainLabels, int classes) {
        int[] count = new int[classes];
        for (int y : trainLabels) {
            count[y]++;
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (count[c] > count[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Test error of always answering the training majority class. */
    public static double error(int[] trainLabels, int[] testLabels, int classes) {
        if (testLabels.length == 0) {
            return Double.NaN;
        }
        int majority = of(trainLabels, classes);
        int hits = 0;
        for (int y : testLabels) {
            hits += y == majority ? 1 : 0;
        }
        return 1 - (double) hits / testLabels.length;
    }
}
