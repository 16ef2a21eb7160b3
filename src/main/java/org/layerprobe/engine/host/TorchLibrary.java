package org.layerprobe.engine.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where this process loaded PyTorch's CPU library from, for the switches that reach into it. */
public final class TorchLibrary {

    private TorchLibrary() {}

    /** The path of the loaded {@code libtorch_cpu.so}, read from {@code /proc/self/maps}; empty if none. */
    public static Optional<String> loaded() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/libtorch_cpu.so"))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
