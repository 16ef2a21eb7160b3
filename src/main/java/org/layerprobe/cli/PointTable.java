package org.layerprobe.cli;

import java.util.List;
import org.layerprobe.probe.ProbeResult;
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
