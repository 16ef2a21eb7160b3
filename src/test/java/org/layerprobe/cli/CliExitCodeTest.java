package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.data.fetch.DatasetStore;
import picocli.CommandLine;

/** Bad input gives a clear one-line message and exit code 2, never a stack trace. */
class CliExitCodeTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @AfterEach
    void clearStore() {
        System.clearProperty(DatasetStore.PROPERTY);
    }

    @Test
    void unknownActivationExitsTwoListingTheChoices() {
        assertEquals(2, run("train", "--activation", "relu7"));
        assertTrue(err.toString().contains("unknown activation 'relu7'"), err.toString());
        assertTrue(err.toString().contains("leaky_relu"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void corruptedDatasetFileExitsTwoNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Path real = DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        Path copy = dir.resolve("mnist");
        Files.createDirectories(copy);
        for (String f : new String[] {"train_data", "train_labels", "test_data", "test_labels"}) {
            Files.copy(real.resolve(f), copy.resolve(f));
        }
        byte[] labels = Files.readAllBytes(copy.resolve("test_labels"));
        labels[100] ^= 0x01;
        Files.write(copy.resolve("test_labels"), labels, StandardOpenOption.TRUNCATE_EXISTING);
        System.setProperty(DatasetStore.PROPERTY, dir.toString());
        assertEquals(2, run("train", "--arch", "mlp", "--train-limit", "200", "--validation-size", "50"));
        String msg = err.toString();
        assertTrue(msg.contains("test_labels") && msg.contains("./layerprobe datasets fetch mnist"), msg);
        assertFalse(msg.contains("\tat "), "no stack trace: " + msg);
    }

    @Test
    void badProbeSettingExitsTwo() {
        assertEquals(2, run("probe", "--memory", "lots"));
        assertTrue(err.toString().contains("memory budget 'lots'"), err.toString());
    }

    @Test
    void badPassBenchmarkSizeExitsTwo() {
        assertEquals(2, run("bench", "pass", "--width", "0"));
        assertTrue(err.toString().contains("bench pass: width"), err.toString());
    }
}
