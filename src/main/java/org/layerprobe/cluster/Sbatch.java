package org.layerprobe.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.layerprobe.LayerprobeException;

/** Submits batch scripts with {@code sbatch --parsable} and returns their job ids. */
public final class Sbatch {

    private Sbatch() {}

    /** Submits {@code script} with extra {@code options}; returns the job id. */
    public static String submit(Path script, String... options) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(List.of(options));
        command.add(script.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "sbatch could not be run (" + e.getMessage() + ")",
                    "run this on a SLURM login node, or submit " + script + " yourself with sbatch");
        }
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LayerprobeException("sbatch did not answer within 60 s");
            }
        } catch (IOException e) {
            throw new LayerprobeException("cannot read sbatch's answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerprobeException("interrupted while submitting " + script, e);
        }
        String id = out.lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
        if (p.exitValue() != 0 || !id.matches("\\d+")) {
            throw LayerprobeException.withFix(
                    "`" + String.join(" ", command) + "` failed (exit " + p.exitValue() + "): " + out,
                    "check the partition, time and memory options against `sinfo`, or submit " + script + " yourself");
        }
        return id;
    }
}
