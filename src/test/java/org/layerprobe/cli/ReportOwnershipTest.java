package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.experiment.ExperimentReport;
import picocli.CommandLine;

/** A report folder holds one spec's files: another spec with the same name is refused before it writes. */
class ReportOwnershipTest {

    private static final String SPEC = """
            name: shared
            dataset: mnist
            architectures: [{kind: mlp, sizes: [16]}]
            activations: [relu]
            test_limit: 100
            training: {epochs: 1, train_limit: 600, validation_size: 100}
            """;

    @Test
    void aSecondSpecWithTheSameNameIsRefused(@TempDir Path tmp) throws Exception {
        Path x = Files.writeString(tmp.resolve("x.yaml"), SPEC);
        Path y = Files.writeString(tmp.resolve("y.yaml"), SPEC.replace("relu", "tanh"));
        Path reports = tmp.resolve("reports");
        ExperimentReport.claim(reports.resolve("shared"), x);
        ExperimentReport.claim(reports.resolve("shared"), x); // its owner may come back
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        int code = cmd.execute("run", y.toString(), "--reports", reports.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("belongs to the spec " + x.toAbsolutePath()), err.toString());
        assertTrue(err.toString().contains("another name"), err.toString());
        try (var files = Files.list(reports.resolve("shared"))) {
            assertEquals(
                    java.util.List.of("OWNER"),
                    files.map(p -> p.getFileName().toString()).toList(),
                    "nothing of y's was written");
        }
        // Once x's file is gone (a moved checkout), the folder can be taken over.
        Files.delete(x);
        ExperimentReport.claim(reports.resolve("shared"), y);
        assertFalse(Files.readString(reports.resolve("shared/OWNER")).contains("x.yaml"));
    }
}
