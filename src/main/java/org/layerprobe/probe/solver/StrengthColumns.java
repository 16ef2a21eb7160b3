package org.layerprobe.probe.solver;

/**
 * Per-strength vector arithmetic on arrays laid out like a probe's parameters: (rows, K*C) row
 * major, where strength j owns columns {@code [j*C, (j+1)*C)} of every row. The solver's vectors
 * live on the Java heap rather than in the engine: one L-BFGS direction takes about 80 of these
 * operations per probe (20 curvature pairs, two loops), and as engine calls each cost tens of
 * microseconds of dispatch, which on the quickstart CNN was half the probe time.
 *
 * <p>A {@link #span} covers only a run of strengths: most passes solve one or two of the four,
 * and the others' blocks need no arithmetic. Every column is computed on its own (per-column
 * accumulators), so a strength's results are the same bits whatever the span around it.
 */
final class StrengthColumns {

    private final int rows;
    private final int k;
    private final int classes;
    private final int width;
    /** The columns this view covers, {@code [firstColumn, endColumn)}: whole strengths. */
    private final int firstColumn;

    private final int endColumn;

    StrengthColumns(long rows, int k, int classes) {
        this(rows, k, classes, 0, k);
    }

    private StrengthColumns(long rows, int k, int classes, int first, int end) {
        if ((long) rows * k * classes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a probe of " + rows + " x " + (k * classes) + " is too large");
        }
        this.rows = (int) rows;
        this.k = k;
        this.classes = classes;
        this.width = k * classes;
        this.firstColumn = first * classes;
        this.endColumn = end * classes;
    }

    /**
     * The same arithmetic over the strengths from the first to the last of {@code strengths}
     * only (those between included): outside them, dot products read zero, sums leave their
     * target alone and new arrays hold zeros. With no strength, an empty span.
     */
    StrengthColumns span(boolean[] strengths) {
        int first = k;
        int last = -1;
        for (int j = 0; j < k; j++) {
            if (strengths[j]) {
                first = Math.min(first, j);
                last = j;
            }
        }
        return last < 0
                ? new StrengthColumns(rows, k, classes, 0, 0)
                : new StrengthColumns(rows, k, classes, first, last + 1);
    }

    /** The first strength this view covers. */
    int firstStrength() {
        return firstColumn / classes;
    }

    /** One past the last strength this view covers. */
    int endStrength() {
        return endColumn / classes;
    }

    /**
     * Per-strength dot products, summed in double. Loops run along whole rows with a
     * per-column accumulator, so that the JIT vectorises them (a loop over one strength's C
     * columns is too short to).
     */
    double[] dot(float[] a, float[] b) {
        double[] acc = new double[width];
        int r = 0;
        // Four rows per sweep of the accumulators: each column still adds its rows in order, so
        // the sums are the same bits as one row at a time, with a quarter of the loads and
        // stores of the accumulators (a quarter less time on 3,137 x 40 arrays).
        for (; r + 3 < rows; r += 4) {
            int b0 = r * width;
            int b1 = b0 + width;
            int b2 = b1 + width;
            int b3 = b2 + width;
            for (int c = firstColumn; c < endColumn; c++) {
                double s = acc[c];
                s += a[b0 + c] * b[b0 + c];
                s += a[b1 + c] * b[b1 + c];
                s += a[b2 + c] * b[b2 + c];
                s += a[b3 + c] * b[b3 + c];
                acc[c] = s;
            }
        }
        for (; r < rows; r++) {
            int base = r * width;
            for (int c = firstColumn; c < endColumn; c++) {
                acc[c] += a[base + c] * b[base + c];
            }
        }
        double[] out = new double[k];
        for (int c = firstColumn; c < endColumn; c++) {
            out[c / classes] += acc[c];
        }
        return out;
    }

    /** {@code y += f_j x} on each strength's block. */
    void addScaled(float[] y, double[] f, float[] x) {
        float[] perColumn = new float[width];
        for (int c = firstColumn; c < endColumn; c++) {
            perColumn[c] = (float) f[c / classes];
        }
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int c = firstColumn; c < endColumn; c++) {
                y[base + c] += perColumn[c] * x[base + c];
            }
        }
    }

    /** {@code f_j x} on each strength's block, as a new array. */
    float[] scaled(float[] x, double[] f) {
        float[] out = new float[x.length];
        addScaled(out, f, x);
        return out;
    }

    /** {@code a - b}, as a new array. */
    static float[] minus(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** Copies the blocks of the strengths in {@code take} from {@code from} into {@code into}. */
    void copyBlocks(float[] into, float[] from, boolean[] take) {
        for (int j = 0; j < k; j++) {
            if (!take[j]) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int base = r * width + j * classes;
                System.arraycopy(from, base, into, base, classes);
            }
        }
    }

    /** The given strengths' columns, side by side: (rows, |strengths| * C). */
    float[] columns(float[] a, int[] strengths) {
        int s = strengths.length;
        float[] out = new float[rows * s * classes];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < s; t++) {
                System.arraycopy(a, r * width + strengths[t] * classes, out, (r * s + t) * classes, classes);
            }
        }
        return out;
    }
}
