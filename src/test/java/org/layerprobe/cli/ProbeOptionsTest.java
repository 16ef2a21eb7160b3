package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.probe.ProbeSettings;
import picocli.CommandLine;

class ProbeOptionsTest {

    @Test
    void withoutFlagsTheSolverDefaultsAreThoseOfProbeSettings() {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs();
        ProbeSettings parsed = cmd.probe.settings();
        ProbeSettings d = ProbeSettings.defaults();
        assertEquals(d.withMemory(parsed.memoryBudgetBytes()), parsed);
    }

    @Test
    void anL2ListReplacesTheDefaultGridRatherThanExtendingIt() {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs("--probe-l2", "0.001,0.1", "--probe-max-iterations", "40");
        assertEquals(List.of(0.001, 0.1), cmd.probe.settings().l2Grid());
        assertEquals(40, cmd.probe.settings().maxPasses());
    }
}
