package org.layerprobe.cli;

import java.util.List;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two solvers' probes of the same states side by side, per point: passes over the training states
 * and seconds of each, the objective each stopped at, the chosen L2 and the test error. Passes do
 * not depend on machine noise; seconds do.
 */
public final class SolverComparison {

    private SolverComparison() {}

    public static Table of(String newName, ProbeRun fresh, String oldName, ProbeRun old) {
        Table t = Table.create("solvers: " + newName + " against " + oldName);
        StringColumn point = StringColumn.create("point");
        IntColumn passesOld = IntColumn.create("passes " + oldName);
        IntColumn passesNew = IntColumn.create("passes " + newName);
        DoubleColumn secondsOld = DoubleColumn.create("s " + oldName);
        DoubleColumn secondsNew = DoubleColumn.create("s " + newName);
        DoubleColumn objOld = DoubleColumn.create("objective " + oldName);
        DoubleColumn objNew = DoubleColumn.create("objective " + newName);
        StringColumn l2 = StringColumn.create("l2 (old/new)");
        DoubleColumn errOld = DoubleColumn.create("test err % " + oldName);
        DoubleColumn errNew = DoubleColumn.create("test err % " + newName);
        StringColumn conv = StringColumn.create("converged (old/new)");
        List<ProbeResult> a = old.results();
        List<ProbeResult> b = fresh.results();
        for (int i = 0; i < b.size(); i++) {
            ProbeResult o = a.get(i);
            ProbeResult n = b.get(i);
            point.append(n.point());
            passesOld.append(o.passes());
            passesNew.append(n.passes());
            secondsOld.append(Math.round(o.seconds() * 10) / 10.0);
            secondsNew.append(Math.round(n.seconds() * 10) / 10.0);
            objOld.append(o.objective());
            objNew.append(n.objective());
            l2.append(o.l2() + " / " + n.l2());
            errOld.append(Math.round(o.testError() * 1e4) / 100.0);
            errNew.append(Math.round(n.testError() * 1e4) / 100.0);
            conv.append(o.converged() + " / " + n.converged());
        }
        point.append("total");
        passesOld.append(a.stream().mapToInt(ProbeResult::passes).sum());
        passesNew.append(b.stream().mapToInt(ProbeResult::passes).sum());
        secondsOld.append(Math.round(old.totalSeconds() * 10) / 10.0);
        secondsNew.append(Math.round(fresh.totalSeconds() * 10) / 10.0);
        objOld.appendMissing();
        objNew.appendMissing();
        l2.append("");
        errOld.appendMissing();
        errNew.appendMissing();
        conv.append(a.stream().filter(ProbeResult::converged).count() + " / "
                + b.stream().filter(ProbeResult::converged).count());
        return t.addColumns(
                point, passesOld, passesNew, secondsOld, secondsNew, objOld, objNew, l2, errOld, errNew, conv);
    }
}
