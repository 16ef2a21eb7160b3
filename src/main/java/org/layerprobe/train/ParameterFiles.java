package org.layerprobe.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerprobe.nets.Network;

/** A network's parameters in DJL's parameter format: what the model cache and saved models store. */
final class ParameterFiles {

    private ParameterFiles() {}

    static void save(Network network, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            network.block().saveParameters(new DataOutputStream(out));
        }
    }

    /**
     * A model holding {@code network} (freshly built) with the parameters of {@code file}. A file
     * that does not fit is refused: DJL replaces each parameter's array with the file's whatever its
     * shape, so every shape is compared with the built network's, and trailing bytes are an error.
     */
    static Model load(Network network, Path file) throws IOException, MalformedModelException {
        Model model = Model.newInstance(network.id());
        model.setBlock(network.block());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            network.block()
                    .initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(network.inputShape()));
            Map<String, Shape> built = shapes(network);
            network.block().loadParameters(model.getNDManager(), new DataInputStream(in));
            if (in.read() != -1) {
                throw new MalformedModelException("the file has bytes after the last parameter");
            }
            Map<String, Shape> loaded = shapes(network);
            if (!built.equals(loaded)) {
                throw new MalformedModelException("parameter shapes " + loaded + " where the network has " + built);
            }
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Map<String, Shape> shapes(Network network) {
        Map<String, Shape> m = new LinkedHashMap<>();
        network.block()
                .getParameters()
                .forEach(p -> m.put(p.getKey(), p.getValue().getArray().getShape()));
        return m;
    }
}
