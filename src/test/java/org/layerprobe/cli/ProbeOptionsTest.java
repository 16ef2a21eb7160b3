package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.ProbeKey;
import org.layerprobe.probe.ProbeSettings;
import picocli.CommandLine;

class ProbeOptionsTest {

    @Test
    void withoutFlagsTheSolverDefaultsAreThoseOfProbeSettings() {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs();
        ProbeSettings parsed = cmd.probe.settings();
        ProbeSettings d = ProbeSettings.defaults();
        assertEquals(d.withMemory(parsed.states().memoryBudgetBytes()), parsed);
    }

    @Test
    void anL2ListReplacesTheDefaultGridRatherThanExtendingIt() {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs("--probe-l2", "0.001,0.1", "--probe-max-iterations", "40");
        assertEquals(List.of(0.001, 0.1), cmd.probe.settings().l2Grid());
        assertEquals(40, cmd.probe.settings().stopping().maxPasses());
    }

    /** One table names every probe setting: each option it lists is an option of the commands. */
    @Test
    void everyOptionOfTheKeyTableIsAnOptionOfTheCommand() {
        CommandLine cli = new CommandLine(new ProbeCommand());
        for (ProbeKey key : ProbeKey.values()) {
            key.option().ifPresent(o -> assertNotNull(cli.getCommandSpec().findOption(o), o + " (" + key.spec() + ")"));
        }
    }

    /** A refused value is named by the option typed, with its rule and the spec key it stands for. */
    @Test
    void aRefusedValueNamesTheOptionTyped() {
        ProbeCommand cmd = new ProbeCommand();
        new CommandLine(cmd).parseArgs("--probe-max-passes", "1");
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> cmd.probe.settings());
        assertTrue(e.getMessage().startsWith("--probe-max-passes 1 is invalid; it must be >= 3"), e.getMessage());
        assertTrue(e.getMessage().contains("probes.max_passes"), e.getMessage());
        ProbeCommand old = new ProbeCommand();
        new CommandLine(old).parseArgs("--probe-tolerance", "0.5");
        assertEquals(0.5, old.probe.settings().stopping().gradTolerance(), "the old name still reads");
    }
}
