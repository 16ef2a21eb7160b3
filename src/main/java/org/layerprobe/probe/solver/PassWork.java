package org.layerprobe.probe.solver;

/**
 * The work of a point's solver passes (the two products {@code z W} and {@code z^T R} per batch):
 * floating-point operations over the padded columns the products compute ({@code flops}) and
 * over the probes' own columns ({@code usefulFlops}), bytes of float32 states they read (each
 * batch counted once, however many times the products touch it) and the seconds they took.
 * Points that share a pass share its work in proportion to their columns.
 */
public record PassWork(double flops, double usefulFlops, double stateBytes, double seconds) {

    public static final PassWork NONE = new PassWork(0, 0, 0, 0);

    public PassWork plus(PassWork other) {
        return new PassWork(
                flops + other.flops,
                usefulFlops + other.usefulFlops,
                stateBytes + other.stateBytes,
                seconds + other.seconds);
    }

    /** The share of the computed operations spent on zero padding columns. */
    public double paddingShare() {
        return flops > 0 ? 1 - usefulFlops / flops : 0;
    }

    /** Achieved GFLOPS (0 when nothing was timed). */
    public double gflops() {
        return seconds > 0 ? flops / seconds / 1e9 : 0;
    }

    /** Gigabytes of states read per second (0 when nothing was timed). */
    public double gigabytesPerSecond() {
        return seconds > 0 ? stateBytes / seconds / 1e9 : 0;
    }

    /** Operations per byte of states: the columns of the products, padded (4 per column per float). */
    public double flopsPerByte() {
        return stateBytes > 0 ? flops / stateBytes : 0;
    }
}
