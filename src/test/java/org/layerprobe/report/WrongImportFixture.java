package org.layerprobe.report;

import org.layerprobe.probe.ProbeResult;

/** A report class that reaches into the solver: what ArchitectureTest must refuse. Never used. */
public final class WrongImportFixture {

    private WrongImportFixture() {}

    public static double error(ProbeResult r) {
        return r.testError();
    }
}
