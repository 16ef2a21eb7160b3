package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerprobe.data.fetch.DatasetFetcher;
import picocli.CommandLine;

/**
 * Malformed specs and command lines, each changing one thing in a valid spec: every one exits 2
 * before any training, with a message that names the key, the value and what to do instead.
 */
class MalformedInputTest {

    private static final String VALID = String.join(
            "\n",
            "name: malformed",
            "dataset: mnist",
            "architectures: [{kind: mlp, sizes: [16]}]",
            "activations: [relu]",
            "seeds: [1]",
            "baseline: false",
            "test_limit: 100",
            "training: {epochs: 1, train_limit: 600, validation_size: 100, learning_rate: 0.01}",
            "probes: {max_passes: 50}",
            "");

    @BeforeAll
    static void data() {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
    }

    /** A spec: the valid one with {@code line}'s key replaced (or added when the key is new). */
    private static String with(String line) {
        String key = line.substring(0, line.indexOf(':') + 1);
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String l : VALID.split("\n")) {
            if (l.startsWith(key)) {
                out.add(line);
                replaced = true;
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            out.add(line);
        }
        return String.join("\n", out) + "\n";
    }

    private static Arguments spec(String line, String... expected) {
        return Arguments.of("spec " + line, with(line), List.of(), List.of(expected));
    }

    /** A study spec, read by the same strict reader as experiments. */
    private static Arguments study(String yaml, String... expected) {
        return Arguments.of("study " + yaml.replace("\n", " | "), yaml, List.of(), List.of(expected));
    }

    private static Arguments cli(List<String> args, String... expected) {
        return Arguments.of(String.join(" ", args), null, args, List.of(expected));
    }

    static Stream<Arguments> cases() {
        String longName = "n".repeat(300);
        return Stream.of(
                spec("name: " + longName, "name", "300 characters", "100 or fewer"),
                spec("name: My Run", "name", "'My Run'", "[a-z0-9._-]"),
                spec("name: \"..\"", "name", "'..'", "'.' and '..' are refused"),
                spec("name: \".\"", "name", "'.'", "'.' and '..' are refused"),
                spec("name: .hidden", "name", "'.hidden'", "start with a letter or digit"),
                spec("dataset: cifar", "dataset", "'cifar'", "mnist, fashion-mnist"),
                spec("architectures: []", "architectures", "empty", "list at least one"),
                spec("architectures: [{kind: resnet, sizes: [16]}]", "architecture", "'resnet'", "mlp, cnn"),
                spec(
                        "architectures: [{kind: cnn, sizes: [4, 8, 8, 8, 8], dense: 16}]",
                        "cnn-4-8-8-8-8",
                        "conv5.pool would get a 1x1 input",
                        "fewer layers that shrink the map"),
                spec("activations: [relu7]", "relu7", "leaky_relu"),
                spec("activations: []", "activations", "empty"),
                spec("activations: [relu, relu]", "activations", "'relu' twice"),
                spec("seeds: []", "seeds", "empty"),
                spec("seeds: [1, 1]", "seeds", "'1' twice"),
                spec("test_limit: -1", "test_limit", "-1", ">= 0"),
                spec("test_limit: 4294967796", "test_limit", "4294967796", "out of range"),
                spec("test_limit: 20000", "test_limit", "20000", "at most 10000"),
                spec("test_limit: lots", "test_limit", "lots", "integer"),
                spec("training: {epochs: 4294967297}", "epochs", "4294967297", "out of range"),
                spec("training: {epochs: -1}", "epochs", "-1", ">= 0"),
                spec("training: {learning_rate: 1e308}", "learning_rate", "1.0E308", "(0, 1e6]"),
                spec("training: {learning_rate: 0}", "learning_rate", "0", "(0, 1e6]"),
                spec("training: {optimizer: rmsprop}", "optimizer", "'rmsprop'", "adam, sgd"),
                spec("training: {momentum: 1.5}", "momentum", "1.5", "[0, 1)"),
                spec("training: {batch_size: 0}", "batch_size", "0", ">= 1"),
                spec("training: {train_limit: 70000}", "train_limit", "70000", "at most 60000"),
                spec("training: {validation_size: -5}", "validation_size", "-5", ">= 0"),
                spec("training: {epoch: 2}", "epoch", "epochs"),
                spec("title: \"a\u0000b\"", "control character U+0000", "line 10, column 10", "in `title: \"ab\"`"),
                spec("title: \"bell\u0007\"", "control character U+0007", "line 10, column 13"),
                spec("dataset: {path: \"\"}", "dataset.path is empty"),
                spec("dataset: {path: /}", "the file system's root"),
                cli(List.of("run", "/dev/zero"), "/dev/zero", "not a regular file"),
                spec("probes: {max_passes: 0}", "max_passes", "0", ">= 3"),
                spec("probes: {max_passes: 2}", "max_passes", "2", ">= 3", "fewest passes"),
                spec("probes: {max_passes: 4294967326}", "max_passes", "4294967326", "out of range"),
                spec("probes: {max_iterations: 0}", "max_passes", "0", ">= 3"),
                spec("probes: {l2: []}", "l2", "[]"),
                spec("probes: {l2: [-1]}", "l2", "-1"),
                spec("probes: {solver: newton}", "solver", "newton", "auto"),
                spec("probes: {sketch_rank: 0}", "sketch_rank", "0"),
                spec("measures: {control_types: 1}", "control_types", "1", "at least 2"),
                spec("measures: {cka_images: 3}", "cka_images", "3", "[4, 5000]"),
                spec("measures: {cka_images: 60000}", "cka_images", "60000"),
                spec("measures: {mdl: yes please}", "mdl", "true or false"),
                spec("measures: {kca_images: 10}", "kca_images", "cka_images"),
                spec("measures: {control_types: 5000}", "control_types", "5000", "at most 500"),
                spec("measures: {cka_images: 200}", "cka_images", "200", "at most 100"),
                spec("probes: {memory: lots}", "memory", "lots"),
                spec("probes: {grad_tolerance: 0}", "grad_tolerance", "0"),
                spec("probes: {warm_epochs: -2}", "warm_epochs", "-2"),
                spec("points: [nope]", "points", "'nope'", "fc1.act", "input"),
                spec("epochs: 3", "epochs", "training"),
                spec("baseline: maybe", "baseline", "maybe", "true or false"),
                spec("seeds: [one]", "seeds", "one", "integer"),
                spec("title: *r", "alias", "line", "write the value out"),
                spec("question: &q Does it?", "anchor", "line"),
                spec("training: {learning_rate: .nan}", "learning_rate", "NaN"),
                spec("training: {learning_rate: .inf}", "learning_rate", "Infinity"),
                spec("training: {momentum: -.inf}", "momentum"),
                spec("probes: {l2: [.nan]}", "l2", "NaN"),
                spec("probes: {gap_tolerance: .nan}", "gap_tolerance", "NaN"),
                spec("probes: {gap_tolerance: 0}", "gap_tolerance", "0", "between 0 and 1"),
                spec("probes: {gap_tolerance: 2}", "gap_tolerance", "2", "between 0 and 1"),
                spec("probes: {stopping: sloppy}", "stopping", "'sloppy'", "certified", "gradient"),
                spec("probes: {max_iterations: 10, max_passes: 20}", "max_iterations", "max_passes", "same setting"),
                spec("measures: {cka_images: -1}", "cka_images", "-1", "0 (off)"),
                spec("measures: {control_types: -3}", "control_types", "-3"),
                spec("training: {epochs: 2147483647}", "epochs", "2147483647", "at most 10000"),
                spec("architectures: [{kind: mlp, sizes: [100000000]}]", "100000000", "more than 65536"),
                spec(
                        "architectures: [{name: pools, layers: [{pool: avg}, {pool: avg}, {pool: avg}, {pool: avg},"
                                + " {pool: avg}, flatten]}]",
                        "pool5 (layers[4], avg-pool 2x2)",
                        "1x1 input",
                        "fix:"),
                spec(
                        "architectures: [{layers: [{conv: {channels: 4}}, {dense: 8}]}]",
                        "architectures[0]:",
                        "layers[1] (dense 8)",
                        "put flatten"),
                spec(
                        "architectures: [{layers: [{residual: {layers: [{conv: {channels: 4, padding: 1}}]}},"
                                + " flatten]}]",
                        "res1.out",
                        "(4, 28, 28)",
                        "projection: true"),
                spec("architectures: [{kind: mlp, sizes: [0]}]", "size", ">= 1"),
                spec(
                        "architectures: [{kind: mlp, sizes: [65536, 65536]}]",
                        "mlp-65536-65536",
                        "parameters",
                        "GiB",
                        "narrower layers"),
                spec("architectures: [{kind: cnn, sizes: [8], dense: -4}]", "dense", "-4"),
                spec("checkpoints: [-1]", "checkpoints", "-1"),
                spec("test_limit: .inf", "test_limit"),
                study("study: xor\nrestart: 3\n", "restart", "did you mean 'restarts'"),
                study("study: xor\nsteps: 10\nsteps: 20\n", "steps", "Duplicate"),
                study("study: xor\nsteps: 4294967297\n", "steps", "4294967297", "out of range"),
                study("study: linear-collapse\ndataset: cifar\n", "dataset", "'cifar'", "mnist, fashion-mnist"),
                study("study: linear-collapse\nwidths: [64, wide]\n", "widths[1]", "wide", "integer"),
                cli(List.of("run", "SPEC", "--shard", "3/3"), "--shard", "3/3", "0 <= I < N"),
                cli(List.of("run", "SPEC", "--shard", "x"), "--shard", "'x'", "I/N"),
                cli(List.of("run", "SPEC", "--reports", "/proc/layerprobe"), "/proc/layerprobe", "writable"),
                cli(List.of("slurm", "SPEC", "--shards", "0"), "--shards", "0", "1 to 10000"),
                cli(List.of("slurm", "SPEC", "--shards", "2", "--cpus", "0"), "--cpus", "0", "1 to 1024"),
                cli(List.of("slurm", "SPEC", "--shards", "2", "--time", "1 day"), "--time", "'1 day'", "1-00:00:00"),
                cli(List.of("slurm", "SPEC", "--shards", "2", "--heap", "lots"), "--heap", "'lots'", "4g"),
                cli(List.of("run", "does-not-exist.yaml"), "does-not-exist.yaml"),
                cli(
                        List.of(
                                "train",
                                "--dataset",
                                "mnist",
                                "--arch",
                                "mlp",
                                "--sizes",
                                "8",
                                "--train-limit",
                                "100000"),
                        "--train-limit 100000",
                        "60000"),
                cli(
                        List.of(
                                "probe",
                                "--arch",
                                "mlp",
                                "--sizes",
                                "16",
                                "--points",
                                "nope",
                                "--train-limit",
                                "600",
                                "--validation-size",
                                "100",
                                "--test-limit",
                                "100"),
                        "points",
                        "'nope'",
                        "fc1.act"));
    }

    /** Spec files that are not YAML text at all: refused by what they are, before any parsing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("byteCases")
    void aSpecThatIsNotTextIsRefusedWithWhatItIs(String label, byte[] bytes, String expected, @TempDir Path tmp)
            throws Exception {
        Path spec = tmp.resolve("spec.yaml");
        Files.write(spec, bytes);
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        long start = System.nanoTime();
        int code = cmd.execute(
                "run", spec.toString(), "--reports", tmp.resolve("reports").toString());
        assertEquals(2, code, label + ": " + err);
        assertTrue(err.toString().contains(expected), label + ": expected '" + expected + "' in: " + err);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, label + " took more than 5 s to refuse");
    }

    static Stream<Arguments> byteCases() {
        byte[] latin1 = with("title: Sch\u00e4tzung").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] binary = new byte[4096];
        new java.util.Random(1).nextBytes(binary);
        String huge = with("question: " + "x".repeat(20 * 1024 * 1024));
        return Stream.of(
                Arguments.of("latin-1 text", latin1, "not UTF-8 text"),
                Arguments.of("random bytes", binary, "not UTF-8 text"),
                Arguments.of("a 20 MB question", huge.getBytes(java.nio.charset.StandardCharsets.UTF_8), "bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoBeforeAnyTrainingNamingKeyValueAndFix(
            String label, String yaml, List<String> args, List<String> expected, @TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, yaml == null ? VALID : yaml);
        List<String> argv = new ArrayList<>();
        if (args.isEmpty()) {
            argv.addAll(List.of("run", spec.toString()));
        } else {
            args.forEach(a -> argv.add(a.equals("SPEC") ? spec.toString() : a));
        }
        if (!argv.contains("--reports") && List.of("run", "slurm").contains(argv.get(0))) {
            argv.addAll(List.of("--reports", tmp.resolve("reports").toString()));
        }
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        int code = cmd.execute(argv.toArray(new String[0]));
        String msg = err.toString();
        assertEquals(2, code, label + ": " + msg);
        for (String e : expected) {
            assertTrue(msg.contains(e), label + ": expected '" + e + "' in: " + msg);
        }
        assertFalse(msg.contains("\tat "), "no stack trace: " + msg);
        Path runs = tmp.resolve("reports/malformed/runs");
        assertFalse(Files.isDirectory(runs) && Files.list(runs).findAny().isPresent(), "nothing was computed");
    }
}
