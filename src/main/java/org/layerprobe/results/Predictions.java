package org.layerprobe.results;

import java.util.Arrays;

/**
 * A probe's predicted class for every test image, in test-set order: what paired comparisons
 * (two probes scored on the same images) and confusion matrices are computed from. Immutable;
 * equal when the predictions are.
 */
public final class Predictions {

    private final byte[] classes;

    private Predictions(byte[] classes) {
        this.classes = classes;
    }

    /** Predictions of classes 0..127, one per test image. */
    public static Predictions of(int[] predicted) {
        byte[] b = new byte[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] < 0 || predicted[i] > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("class " + predicted[i] + " outside 0..127");
            }
            b[i] = (byte) predicted[i];
        }
        return new Predictions(b);
    }

    /** From the stored bytes (copied). */
    public static Predictions fromBytes(byte[] bytes) {
        return new Predictions(bytes.clone());
    }

    public int size() {
        return classes.length;
    }

    public int get(int image) {
        return classes[image];
    }

    /** The stored form: one byte per image. */
    public byte[] toBytes() {
        return classes.clone();
    }

    /** Whether each prediction matches {@code labels}. */
    public boolean[] correct(int[] labels) {
        if (labels.length != classes.length) {
            throw new IllegalArgumentException(classes.length + " predictions against " + labels.length + " labels");
        }
        boolean[] ok = new boolean[labels.length];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = classes[i] == labels[i];
        }
        return ok;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Predictions p && Arrays.equals(classes, p.classes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classes);
    }

    @Override
    public String toString() {
        return "Predictions[" + classes.length + " images]";
    }
}
