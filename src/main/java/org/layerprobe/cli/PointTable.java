package org.layerprobe.cli;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.layerprobe.bench.Roofline;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.solver.PassWork;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The per-layer separability table of one network's probes, as a Tablesaw table. */
public final class PointTable {

    private PointTable() {}

    public static Table of(String name, List<ProbeResult> results) {
        Table t = Table.create(name);
        StringColumn point = StringColumn.create("point");
        LongColumn dim = LongColumn.create("dimension");
        DoubleColumn train = DoubleColumn.create("train_acc_%");
        DoubleColumn val = DoubleColumn.create("val_acc_%");
        DoubleColumn test = DoubleColumn.create("test_acc_%");
        DoubleColumn error = DoubleColumn.create("test_error_%");
        DoubleColumn xent = DoubleColumn.create("test_xent");
        DoubleColumn l2 = DoubleColumn.create("l2");
        IntColumn iterations = IntColumn.create("iterations");
        IntColumn passes = IntColumn.create("passes");
        IntColumn rank = IntColumn.create("precond_rank");
        BooleanColumn converged = BooleanColumn.create("converged");
        DoubleColumn grad = DoubleColumn.create("rel_grad_norm");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (ProbeResult r : results) {
            point.append(r.point());
            dim.append(r.dimension());
            train.append(round(100 * r.trainAccuracy(), 2));
            val.append(round(100 * r.validationAccuracy(), 2));
            test.append(round(100 * r.testAccuracy(), 2));
            error.append(round(100 * r.testError(), 2));
            xent.append(round(r.testCrossEntropy(), 4));
            l2.append(r.l2());
            iterations.append(r.lbfgsIterations());
            passes.append(r.passes());
            rank.append(r.preconditionerRank());
            converged.append(r.converged());
            grad.append(round(r.relativeGradient(), 5));
            seconds.append(round(r.seconds(), 1));
        }
        return t.addColumns(
                point, dim, train, val, test, error, xent, l2, iterations, passes, rank, converged, grad, seconds);
    }

    /**
     * Each point's solver and certificate passes against the machine's roofline: the products'
     * achieved GFLOPS (padded columns; {@code padding} is the share of them that is zero columns)
     * and GB/s of states, as fractions of the float32 GEMM peak
     * and of the plain-read rate, and of the bound {@code min(peak, flop/B x read)} for the
     * point's operations per byte; {@code floor_s} is the time its products would take at that
     * bound, the floor its passes could not beat.
     */
    public static Table roofline(String name, List<ProbeResult> results, Map<String, PassWork> work, Roofline roof) {
        List<PassWork> w = results.stream()
                .map(r -> work.getOrDefault(r.point(), PassWork.NONE))
                .toList();
        return Table.create(name)
                .addColumns(
                        StringColumn.create(
                                "point",
                                results.stream().map(ProbeResult::point).toList()),
                        IntColumn.create(
                                "passes",
                                results.stream().mapToInt(ProbeResult::passes).toArray()),
                        column("product_s", w, PassWork::seconds, 1),
                        column("GFLOP", w, x -> x.flops() / 1e9, 0),
                        column("GB_read", w, x -> x.stateBytes() / 1e9, 1),
                        column("flop/B", w, PassWork::flopsPerByte, 1),
                        column("padding", w, PassWork::paddingShare, 2),
                        column("GFLOPS", w, PassWork::gflops, 1),
                        column("of_peak", w, x -> x.gflops() / roof.gemmGflops(), 2),
                        column("GB/s", w, PassWork::gigabytesPerSecond, 2),
                        column("of_read", w, x -> x.gigabytesPerSecond() / roof.readRate(), 2),
                        column("of_roofline", w, x -> x.gflops() / roof.ceiling(x.flopsPerByte()), 2),
                        column("floor_s", w, roof::floorSeconds, 1));
    }

    private static DoubleColumn column(String name, List<PassWork> work, ToDoubleFunction<PassWork> f, int digits) {
        return DoubleColumn.create(
                name,
                work.stream()
                        .mapToDouble(x -> round(f.applyAsDouble(x), digits))
                        .toArray());
    }

    /** A GitHub-flavoured Markdown rendering of any small table. */
    public static String markdown(Table t) {
        StringBuilder b = new StringBuilder("| ");
        b.append(String.join(" | ", t.columnNames())).append(" |\n|");
        b.append(" --- |".repeat(t.columnCount())).append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            b.append("| ");
            for (int c = 0; c < t.columnCount(); c++) {
                b.append(t.column(c).getString(r)).append(c + 1 < t.columnCount() ? " | " : " |\n");
            }
        }
        return b.toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
