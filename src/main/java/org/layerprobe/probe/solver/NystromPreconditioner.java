package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The initial inverse Hessian of a probe's L-BFGS: {@code (Sigma + rho_j I)^-1} for each L2
 * strength j, where Sigma is the covariance of the point's standardised features and
 * {@code rho_j = }{@value #SHIFT}{@code  lambda_j}. The objective's Hessian is Sigma weighted by
 * the softmax curvature of every sample, plus lambda; that curvature is far below 1 once the probe
 * fits, so the data term weighs far less against lambda than Sigma + lambda says, and the shift
 * stands in for it. Measured on the Fashion-MNIST pixels (20,000 images, identity MLP's input,
 * passes to the 1e-4 rule): at lambda 1e-4 / 1e-3 / 1e-2 / 1e-1, plain L-BFGS took more than 1000 /
 * 676 / 348 / 163 passes; with rho = lambda, - / - / 178 / -; with rho = 100 lambda 282 / 177 / 92 /
 * 46; with rho = 1000 lambda 270 / 160 / 73 / 47. The optimum and the convergence rule, measured on
 * the original weights, do not depend on it.
 *
 * <p>Sigma is approximated by a randomized Nystrom sketch {@code Sigma ~ U diag(Lambda) U^T} of
 * rank r, from one pass {@code Y = Sigma Omega} (Frangella, Tropp and Udell, "Randomized Nystrom
 * preconditioning", 2023): the preconditioner is {@code U diag(1/(Lambda + rho)) U^T +
 * (I - U U^T) / (Lambda_r + rho)}, treating the unsketched directions as if they had the
 * smallest sketched eigenvalue. Where the rank reaches the width, Omega is the identity, the sketch
 * is Sigma itself, and the preconditioner is the exact {@code (Sigma + rho_j I)^-1} per strength,
 * inverted by the engine. The bias row is scaled like a unit-variance feature, {@code 1/(1 + rho)}.
 */
public final class NystromPreconditioner implements AutoCloseable {

    /** rho = SHIFT lambda: see the class comment for the measurement that chose it. */
    static final double SHIFT = 1000;

    private final NDManager manager;
    private final int classes;
    private final int rank;
    private final long width;
    private final boolean exact;
    /** (d, r) orthonormal eigenvectors of the sketch, float32. */
    private final NDArray basis;
    /** Eigenvalues of the sketch, descending. */
    private final double[] eigenvalues;
    /** (r, K*C): {@code 1/(Lambda_i + rho_j) - tail_j}, zero for strengths left alone. */
    private final NDArray inner;
    /** (1, K*C): {@code 1/(Lambda_r + rho_j)}, or 1 for strengths left alone. */
    private final NDArray tail;
    /** (1, K*C): the bias row's factor {@code 1/(1 + rho_j)}, or 1. */
    private final NDArray biasFactor;

    private final boolean[] enabled;
    /**
     * On the exact path: (K, d, d) {@code (Sigma + rho_j I)^-1}, the identity for strengths left
     * alone; null on the sketched path.
     */
    private final NDArray dense;

    /** The exact path: dense inverses of the shifted covariance, one per strength. */
    private NystromPreconditioner(
            NDManager parent, int classes, NDArray sigma, double[] extremes, double[] lambda, boolean[] enabled) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.width = sigma.getShape().get(0);
        this.rank = (int) width;
        this.exact = true;
        this.eigenvalues = extremes;
        this.enabled = enabled.clone();
        sigma.attach(manager);
        this.basis = null;
        this.inner = null;
        this.tail = null;
        int k = lambda.length;
        double top = Math.max(extremes[0], 1e-12);
        float[] bf = new float[k * classes];
        NDList stack = new NDList();
        try (NDManager m = manager.newSubManager()) {
            NDArray eye = m.eye((int) width, (int) width, 0, DataType.FLOAT64);
            for (int j = 0; j < k; j++) {
                double lam = shift(lambda[j]);
                for (int c = 0; c < classes; c++) {
                    bf[j * classes + c] = enabled[j] ? (float) (1 / (1 + lam)) : 1f;
                }
                // The floor keeps a strength of 0 on a rank-deficient point invertible, as on the
                // sketched path.
                stack.add(
                        enabled[j]
                                ? sigma.add(eye.mul(Math.max(lam, 1e-6 * top))).inverse()
                                : eye);
            }
            NDArray d = NDArrays.stack(stack).toType(DataType.FLOAT32, false);
            d.attach(manager);
            this.dense = d;
        }
        sigma.close();
        this.biasFactor = manager.create(bf, new Shape(1, (long) k * classes));
    }

    private NystromPreconditioner(
            NDManager parent,
            int classes,
            long width,
            NDArray basis,
            double[] eigenvalues,
            boolean exact,
            double[] lambda,
            boolean[] enabled) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.width = width;
        this.rank = eigenvalues.length;
        this.exact = exact;
        this.eigenvalues = eigenvalues;
        this.enabled = enabled.clone();
        basis.attach(manager);
        this.basis = basis;
        int k = lambda.length;
        double top = Math.max(eigenvalues.length == 0 ? 0 : eigenvalues[0], 1e-12);
        float[] in = new float[rank * k * classes];
        float[] tl = new float[k * classes];
        float[] bf = new float[k * classes];
        for (int j = 0; j < k; j++) {
            double lam = shift(lambda[j]);
            // A floor keeps a strength of 0 on a rank-deficient point from dividing by zero.
            double t = enabled[j] ? 1 / Math.max(smallest() + lam, 1e-6 * top) : 1;
            for (int c = 0; c < classes; c++) {
                tl[j * classes + c] = (float) t;
                bf[j * classes + c] = enabled[j] ? (float) (1 / (1 + lam)) : 1f;
                for (int i = 0; i < rank; i++) {
                    in[i * k * classes + j * classes + c] =
                            enabled[j] ? (float) (1 / Math.max(eigenvalues[i] + lam, 1e-6 * top) - t) : 0f;
                }
            }
        }
        this.inner = manager.create(in, new Shape(rank, (long) k * classes));
        this.dense = null;
        this.tail = manager.create(tl, new Shape(1, (long) k * classes));
        this.biasFactor = manager.create(bf, new Shape(1, (long) k * classes));
    }

    /**
     * The test matrix Omega, (d + 1, r) with a zero bias row: the identity when {@code rank >= d}
     * (an exact decomposition), else Gaussian columns made orthonormal. Its product with Sigma is
     * one pass of the probe's own machinery ({@link SoftmaxProbe#sketch}).
     */
    public static NDArray testMatrix(NDManager m, long d, int rank, long seed) {
        if (rank >= d) {
            return m.eye((int) d + 1, (int) d, 0, DataType.FLOAT32);
        }
        Random random = new Random(seed);
        double[] g = new double[(int) (d * rank)];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
        }
        NDArray omega = m.create(g, new Shape(d, rank));
        // Cholesky-QR: Omega L^-T has orthonormal columns when Omega^T Omega = L L^T.
        double[][] gram = toMatrix(omega.transpose().matMul(omega), rank);
        symmetrise(gram);
        RealMatrix lt = new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false)).getLT();
        NDArray q = omega.matMul(m.create(flat(inverseUpper(lt)), new Shape(rank, rank)));
        return q.concat(m.zeros(new Shape(1, rank), DataType.FLOAT64), 0).toType(DataType.FLOAT32, false);
    }

    /**
     * Builds the preconditioner from the test matrix and the sketch {@code Y = Sigma Omega}, both
     * (d, r) (bias rows removed), following the numerically stable Nystrom of Tropp et al. (2017):
     * a small shift nu makes the core matrix positive definite and is subtracted from the
     * eigenvalues afterwards.
     *
     * @param enabled per strength, whether to precondition it at all (see {@link #worthwhile})
     */
    static NystromPreconditioner build(
            NDManager parent,
            int classes,
            NDArray omega,
            NDArray sketch,
            boolean exact,
            double[] lambda,
            boolean[] enabled) {
        return build(parent, classes, omega, sketch, exact, lambda, values -> enabled);
    }

    /**
     * As above, the strengths to precondition chosen from the decomposition's eigenvalues (see
     * {@link #worthwhile}) before anything per strength is computed.
     */
    static NystromPreconditioner build(
            NDManager parent,
            int classes,
            NDArray omega,
            NDArray sketch,
            boolean exact,
            double[] lambda,
            Function<double[], boolean[]> choose) {
        try (NDManager m = parent.newSubManager()) {
            long d = sketch.getShape().get(0);
            int r = (int) sketch.getShape().get(1);
            NDArray y = sketch.toType(DataType.FLOAT64, true);
            y.attach(m);
            NDArray basis;
            double[] values;
            if (exact) {
                // Omega is the identity, so the sketch is Sigma. Its inverses come from the
                // engine's LAPACK; a dense eigendecomposition in Java took 1-1.5 s at 784 features,
                // paid by every probe fit. Only the extreme eigenvalues are needed (for
                // worthwhile), and power iteration finds them.
                NDArray sym = y.add(y.transpose()).mul(0.5);
                double[] extremes = extremeEigenvalues(sym);
                sym.attach(parent);
                return new NystromPreconditioner(parent, classes, sym, extremes, lambda, choose.apply(extremes));
            } else {
                NDArray o = omega.toType(DataType.FLOAT64, true);
                o.attach(m);
                // The floor keeps a point whose features are all constant (Y = 0) factorable.
                double nu = Math.max(1e-6 * y.norm().getDouble(), 1e-8);
                RealMatrix lower = null;
                NDArray yNu = null;
                for (int tries = 0; lower == null; tries++) {
                    yNu = y.add(o.mul(nu));
                    double[][] core = toMatrix(o.transpose().matMul(yNu), r);
                    symmetrise(core);
                    try {
                        lower = new CholeskyDecomposition(new Array2DRowRealMatrix(core, false)).getL();
                    } catch (NonPositiveDefiniteMatrixException e) {
                        if (tries > 8) {
                            throw new IllegalStateException("the Nystrom core matrix is not positive definite", e);
                        }
                        nu *= 10;
                    }
                }
                // B = Y_nu L^-T; its SVD gives the sketch's eigenvectors and eigenvalues S^2 - nu.
                double[][] lInvT = inverseUpper(lower.transpose());
                NDArray b = yNu.matMul(m.create(flat(lInvT), new Shape(r, r)));
                Spectrum e = Spectrum.of(toMatrix(b.transpose().matMul(b), r));
                values = new double[r];
                for (int c = 0; c < r; c++) {
                    double s2 = Math.max(e.values[c], 1e-300);
                    values[c] = Math.max(0, s2 - nu);
                    for (int i = 0; i < r; i++) {
                        e.vectors[i][c] /= Math.sqrt(s2);
                    }
                }
                basis = b.matMul(m.create(flat(e.vectors), new Shape(r, r)));
            }
            NDArray u = basis.toType(DataType.FLOAT32, false);
            u.attach(parent);
            return new NystromPreconditioner(parent, classes, d, u, values, exact, lambda, choose.apply(values));
        }
    }

    /**
     * Whether preconditioning a strength can change anything: the sketch's condition number
     * {@code (Lambda_1 + rho) / (Lambda_r + rho)} at least {@code threshold} (below it the
     * preconditioner is close to a multiple of the identity, which L-BFGS's scaling already is).
     */
    public static boolean[] worthwhile(double[] eigenvalues, double[] lambda, double threshold) {
        boolean[] on = new boolean[lambda.length];
        for (int j = 0; j < lambda.length; j++) {
            on[j] = condition(eigenvalues, lambda[j]) >= threshold;
        }
        return on;
    }

    private double smallest() {
        return eigenvalues.length == 0 ? 0 : eigenvalues[eigenvalues.length - 1];
    }

    /** The condition number of {@code Sigma + rho I} on the sketched spectrum. */
    static double condition(double[] eigenvalues, double lambda) {
        if (eigenvalues.length == 0) {
            return 1;
        }
        double low = eigenvalues[eigenvalues.length - 1];
        return (eigenvalues[0] + shift(lambda)) / Math.max(low + shift(lambda), 1e-12);
    }

    /** The regulariser the preconditioner uses for L2 strength lambda. */
    static double shift(double lambda) {
        return SHIFT * lambda;
    }

    double[] eigenvalues() {
        return eigenvalues.clone();
    }

    public boolean enabled(int j) {
        return enabled[j];
    }

    boolean anyEnabled() {
        for (boolean e : enabled) {
            if (e) {
                return true;
            }
        }
        return false;
    }

    public int rank() {
        return rank;
    }

    boolean exact() {
        return exact;
    }

    /** "nystrom rank 64" or "exact covariance (784)". */
    String describe() {
        return exact ? "exact covariance (" + rank + ")" : "nystrom rank " + rank;
    }

    /** The preconditioner applied to a (d + 1, K*C) array on the Java heap. */
    float[] apply(float[] g) {
        try (NDManager m = manager.newSubManager()) {
            return apply(m.create(g, new Shape(width + 1, g.length / (width + 1))))
                    .toFloatArray();
        }
    }

    /**
     * The preconditioner applied to the strengths {@code [first, end)} of a (d + 1, K*C) array on
     * the Java heap; the other strengths' columns are copied unchanged, or also computed. On the
     * exact path each strength is its own product, so only the strengths asked for that are
     * preconditioned at all are computed (the others are the identity), and each comes out the
     * same bits as among all. The sketched path shares its products between the strengths, and
     * the BLAS rounds a product of fewer columns differently in the last bits (measured: the
     * quickstart CNN's sketched points moved in their fifth digits), so it always computes them
     * all.
     */
    float[] apply(float[] g, int first, int end) {
        if (dense == null) {
            return apply(g);
        }
        int lo = first;
        int hi = end;
        while (lo < hi && !enabled[lo]) {
            lo++;
        }
        while (hi > lo && !enabled[hi - 1]) {
            hi--;
        }
        int all = enabled.length * classes;
        int rows = (int) width + 1;
        int span = (hi - lo) * classes;
        float[] out = g.clone();
        if (span == 0) {
            return out;
        }
        float[] part = new float[rows * span];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(g, r * all + lo * classes, part, r * span, span);
        }
        float[] done;
        try (NDManager m = manager.newSubManager()) {
            done = applyExact(m.create(part, new Shape(rows, span)), lo, hi).toFloatArray();
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(done, r * span, out, r * all + lo * classes, span);
        }
        return out;
    }

    /** The preconditioner applied to a (d + 1, K*C) array; the result belongs to {@code g}'s manager. */
    NDArray apply(NDArray g) {
        if (dense != null) {
            return applyExact(g, 0, enabled.length);
        }
        NDManager owner = g.getManager();
        try (NDManager m = owner.newSubManager()) {
            for (NDArray a : new NDArray[] {basis, inner, tail, biasFactor}) {
                a.tempAttach(m);
            }
            NDArray gw = g.get(new NDIndex("0:" + width));
            NDArray t = basis.transpose().matMul(gw).mul(inner);
            NDArray w = gw.mul(tail).add(basis.matMul(t));
            NDArray out = w.concat(g.get(new NDIndex(width + ":")).mul(biasFactor), 0);
            out.attach(owner);
            return out;
        }
    }

    /**
     * The exact path's inverses of the strengths {@code [first, end)} applied to their columns
     * alone, a (d + 1, (end - first) * C) array; the result belongs to {@code g}'s manager.
     */
    private NDArray applyExact(NDArray g, int first, int end) {
        NDManager owner = g.getManager();
        try (NDManager m = owner.newSubManager()) {
            dense.tempAttach(m);
            biasFactor.tempAttach(m);
            boolean whole = first == 0 && end == enabled.length;
            int n = end - first;
            NDArray inverses = whole ? dense : dense.get(new NDIndex(first + ":" + end));
            NDArray bias =
                    whole ? biasFactor : biasFactor.get(new NDIndex(":, " + first * classes + ":" + end * classes));
            // (d, n*C) -> (n, d, C): one batched product applies every strength's inverse.
            NDArray blocks =
                    g.get(new NDIndex("0:" + width)).reshape(width, n, classes).transpose(1, 0, 2);
            NDArray w = inverses.matMul(blocks).transpose(1, 0, 2).reshape(width, (long) n * classes);
            NDArray out = w.concat(g.get(new NDIndex(width + ":")).mul(bias), 0);
            out.attach(owner);
            return out;
        }
    }

    /**
     * The largest and smallest eigenvalues of a symmetric positive semi-definite matrix, by power
     * iteration on it and on {@code lambda_max I - A}: enough to tell a near-isotropic matrix from
     * an ill-conditioned one.
     */
    static double[] extremeEigenvalues(NDArray a) {
        long d = a.getShape().get(0);
        try (NDManager m = a.getManager().newSubManager()) {
            a.tempAttach(m);
            double top = powerIteration(m, a, d);
            NDArray flipped =
                    m.eye((int) d, (int) d, 0, DataType.FLOAT64).mul(top).sub(a);
            double low = top - powerIteration(m, flipped, d);
            return new double[] {top, Math.max(0, low)};
        }
    }

    private static final int POWER_STEPS = 200;

    private static double powerIteration(NDManager m, NDArray a, long d) {
        // A fixed start, so that the same states always get the same preconditioner.
        Random random = new Random(1);
        double[] start = new double[(int) d];
        for (int i = 0; i < start.length; i++) {
            start[i] = random.nextGaussian();
        }
        NDArray v = m.create(start, new Shape(d, 1));
        double value = 0;
        for (int i = 0; i < POWER_STEPS; i++) {
            NDArray w = a.matMul(v);
            double norm = w.norm().getDouble();
            if (!(norm > 0)) {
                return 0;
            }
            value = v.mul(w).sum().getDouble() / v.mul(v).sum().getDouble();
            v = w.div(norm);
        }
        return value;
    }

    /** Eigenvalues of a symmetric matrix in descending order, with its eigenvectors as columns. */
    private record Spectrum(double[] values, double[][] vectors) {
        static Spectrum of(double[][] symmetric) {
            symmetrise(symmetric);
            int n = symmetric.length;
            EigenDecomposition eig;
            try {
                eig = new EigenDecomposition(new Array2DRowRealMatrix(symmetric, false));
            } catch (org.apache.commons.math3.exception.MaxCountExceededException e) {
                // Commons Math's QL iteration can stall on a rank-deficient matrix with many equal
                // eigenvalues (a covariance of a handful of samples); a shift of the diagonal far
                // below any eigenvalue that matters lets it separate them.
                double trace = 0;
                for (int i = 0; i < n; i++) {
                    trace += Math.abs(symmetric[i][i]);
                }
                double[][] shifted = new double[n][];
                for (int i = 0; i < n; i++) {
                    shifted[i] = symmetric[i].clone();
                    shifted[i][i] += 1e-10 * Math.max(trace / n, 1e-300) * (1 + (double) i / n);
                }
                eig = new EigenDecomposition(new Array2DRowRealMatrix(shifted, false));
            }
            int[] order = descending(eig.getRealEigenvalues());
            double[] values = new double[n];
            double[][] vectors = new double[n][n];
            for (int c = 0; c < n; c++) {
                values[c] = eig.getRealEigenvalues()[order[c]];
                double[] vec = eig.getEigenvector(order[c]).toArray();
                for (int i = 0; i < n; i++) {
                    vectors[i][c] = vec[i];
                }
            }
            return new Spectrum(values, vectors);
        }
    }

    private static double[][] toMatrix(NDArray a, int cols) {
        double[] v = a.toType(DataType.FLOAT64, false).toDoubleArray();
        int rows = v.length / cols;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(v, i * cols, out[i], 0, cols);
        }
        return out;
    }

    private static double[] flat(double[][] a) {
        int cols = a[0].length;
        double[] out = new double[a.length * cols];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * cols, cols);
        }
        return out;
    }

    private static void symmetrise(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double v = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = v;
                a[j][i] = v;
            }
        }
    }

    /** The inverse of an upper-triangular matrix, by back substitution. */
    private static double[][] inverseUpper(RealMatrix upper) {
        int n = upper.getRowDimension();
        double[][] u = upper.getData();
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            for (int i = c; i >= 0; i--) {
                double s = i == c ? 1 : 0;
                for (int k = i + 1; k <= c; k++) {
                    s -= u[i][k] * inv[k][c];
                }
                inv[i][c] = s / u[i][i];
            }
        }
        return inv;
    }

    private static int[] descending(double[] values) {
        return IntStream.range(0, values.length)
                .boxed()
                .sorted((a, b) -> Double.compare(values[b], values[a]))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
