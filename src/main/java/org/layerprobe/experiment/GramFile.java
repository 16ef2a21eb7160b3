package org.layerprobe.experiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerprobe.metrics.GramMatrix;

/**
 * The binary form of one network's Gram matrices on the CKA images, kept beside its rows so that
 * networks computed by different processes (shards) can be compared at the merge. Values are
 * stored as float32: CKA needs their shape, not their last digits, and a point costs 4 n^2 bytes.
 */
final class GramFile {

    private static final int MAGIC = 0x4c50474d; // "LPGM"
    private static final int VERSION = 1;

    private GramFile() {}

    static byte[] encode(Map<String, GramMatrix> grams) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(grams.size());
            for (Map.Entry<String, GramMatrix> e : grams.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (double v : e.getValue().values()) {
                    out.writeFloat((float) v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The matrices by point, in stored order; throws {@link IOException} on anything but a whole file. */
    static Map<String, GramMatrix> decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a layerprobe Gram file of version " + VERSION);
            }
            int count = in.readInt();
            Map<String, GramMatrix> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String point = in.readUTF();
                int n = in.readInt();
                if (n < 0 || (long) n * n * 4 > data.length) {
                    throw new IOException("point " + point + " claims " + n + " x " + n + " values");
                }
                double[] v = new double[n * n];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                out.put(point, new GramMatrix(n, v));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after " + count + " matrices");
            }
            return out;
        } catch (java.io.EOFException e) {
            throw new IOException("the file ends early", e);
        }
    }
}
