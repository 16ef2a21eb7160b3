package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AtlasCommandTest {

    @Test
    void atlasCommandWritesTheAtlasAndPrintsThePaths(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new AtlasCommand());
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute("--out", dir.toString(), "--relu-sums");
        assertEquals(0, code);
        assertTrue(Files.exists(dir.resolve("atlas.png")));
        assertTrue(Files.exists(dir.resolve("relu-sums-error.svg")));
        assertTrue(out.toString().contains(dir.resolve("atlas.md").toString()), out.toString());
        assertTrue(out.toString().contains("relu sums k=100"), out.toString());
    }

    @Test
    void defaultOutputIsReportsAtlas() {
        CommandLine cmd = new CommandLine(new AtlasCommand());
        assertEquals("reports/atlas", cmd.getCommandSpec().findOption("--out").defaultValue());
    }
}
