package org.layerprobe.results;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.layerprobe.LayerprobeException;

/**
 * Every probe fit's per-image test predictions of one configuration (one network: its
 * checkpoints and points), with the test labels they are scored against, stored beside the
 * configuration's rows so that any paired comparison or confusion matrix can be recomputed.
 * One byte per image and fit: 10,000 test images x 10 points x 2 checkpoints is 200 kB.
 *
 * @param labels the test labels, in test-set order
 * @param fits predictions by checkpoint, then by point
 */
public record PredictionSet(int[] labels, Map<String, Map<String, Predictions>> fits) {

    private static final int MAGIC = 0x4C505052; // "LPPR"
    private static final int VERSION = 1;

    public PredictionSet {
        labels = labels.clone();
        Map<String, Map<String, Predictions>> copy = new LinkedHashMap<>();
        fits.forEach((c, m) -> copy.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        fits = Collections.unmodifiableMap(copy);
        for (Map<String, Predictions> m : fits.values()) {
            for (Predictions p : m.values()) {
                if (p.size() != labels.length) {
                    throw new IllegalArgumentException(p.size() + " predictions for " + labels.length + " test labels");
                }
            }
        }
    }

    /** The predictions of one point at one checkpoint, if stored. */
    public Optional<Predictions> get(String checkpoint, String point) {
        return Optional.ofNullable(fits.getOrDefault(checkpoint, Map.of()).get(point));
    }

    public byte[] encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(labels.length);
            for (int y : labels) {
                out.writeByte(y);
            }
            int count = fits.values().stream().mapToInt(Map::size).sum();
            out.writeInt(count);
            for (var c : fits.entrySet()) {
                for (var p : c.getValue().entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeUTF(p.getKey());
                    out.write(p.getValue().toBytes());
                }
            }
            out.writeInt(MAGIC); // a truncated file never reads as complete
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@link #encode}'s bytes; a damaged or truncated file is an error naming {@code source}. */
    public static PredictionSet decode(byte[] data, String source) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a layerprobe predictions file (version " + VERSION + ")");
            }
            int n = in.readInt();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readByte();
            }
            int count = in.readInt();
            Map<String, Map<String, Predictions>> fits = new LinkedHashMap<>();
            for (int f = 0; f < count; f++) {
                String checkpoint = in.readUTF();
                String point = in.readUTF();
                byte[] b = new byte[n];
                in.readFully(b);
                fits.computeIfAbsent(checkpoint, c -> new LinkedHashMap<>()).put(point, Predictions.fromBytes(b));
            }
            if (in.readInt() != MAGIC || in.read() != -1) {
                throw new IOException("trailing bytes or a missing end mark");
            }
            return new PredictionSet(labels, fits);
        } catch (IOException | RuntimeException e) {
            throw LayerprobeException.withFix(
                    "the test predictions in " + source + " are damaged (" + e.getMessage() + ")",
                    "delete it and its configuration's rows, then run the spec again to recompute them");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PredictionSet p && Arrays.equals(labels, p.labels) && fits.equals(p.fits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + fits.hashCode();
    }
}
