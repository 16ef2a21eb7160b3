package org.layerprobe.bench;

import java.util.Locale;
import org.layerprobe.probe.solver.PassWork;

/**
 * The machine's two ceilings for a solver pass, measured through the same engine and threads as
 * the passes: the float32 matrix-product peak ({@link PassCost#gemmPeak}) and the plain-read rate
 * of states ({@link PassCost#readRate}). A pass doing {@code I} operations per byte of states it
 * reads can run at most {@code min(peak, I x read)} GFLOPS; a pass's figures against that bound
 * say whether the products or the memory hold it back.
 *
 * @param gemmGflops float32 GEMM peak, GFLOPS
 * @param readRate plain read of float32 states, GB/s
 */
public record Roofline(double gemmGflops, double readRate) {

    /** The GFLOPS bound of work doing {@code flopsPerByte} operations per byte of states read once. */
    public double ceiling(double flopsPerByte) {
        return Math.min(gemmGflops, flopsPerByte * readRate);
    }

    /**
     * Seconds {@code w}'s products would take at its roofline bound: its floating-point operations
     * over {@link #ceiling}. A run of passes cannot beat it without fewer passes or cheaper ones.
     */
    public double floorSeconds(PassWork w) {
        return w.flops() == 0 ? 0 : w.flops() / (ceiling(w.flopsPerByte()) * 1e9);
    }

    /** One line: the machine's ceilings. */
    public String describe() {
        return String.format(Locale.ROOT, "float32 GEMM peak %.1f GFLOPS, plain read %.1f GB/s", gemmGflops, readRate);
    }

    /** Work's achieved rates as fractions: of the GEMM peak, of the plain read, and of its roofline bound. */
    public String judge(PassWork w) {
        return String.format(
                Locale.ROOT,
                "%6.1f GFLOPS (%.2f of peak), %5.1f GB/s (%.2f of read), %.2f of its roofline %.0f GFLOPS"
                        + " (%s-bound at %.0f flop/B)",
                w.gflops(),
                w.gflops() / gemmGflops,
                w.gigabytesPerSecond(),
                w.gigabytesPerSecond() / readRate,
                w.gflops() / ceiling(w.flopsPerByte()),
                ceiling(w.flopsPerByte()),
                w.flopsPerByte() * readRate < gemmGflops ? "read" : "compute",
                w.flopsPerByte());
    }
}
