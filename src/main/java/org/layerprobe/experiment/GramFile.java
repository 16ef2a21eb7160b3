package org.layerprobe.experiment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerprobe.metrics.GramMatrix;

/**
 * The binary form of one network's Gram matrices on the CKA images, kept beside its rows so that
 * networks computed by different processes (shards) can be compared at the merge. Values are
 * stored as float32 (CKA needs their shape, not their last digits) and, the matrix being symmetric,
 * only on and above the diagonal: a point costs 2 n (n + 1) bytes, 0.5 MB at 500 images. Version 1
 * files (the full matrix) are still read.
 */
final class GramFile {

    private static final int MAGIC = 0x4c50474d; // "LPGM"
    private static final int VERSION = 2;

    private GramFile() {}

    static byte[] encode(Map<String, GramMatrix> grams) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(grams.size());
            for (Map.Entry<String, GramMatrix> e : grams.entrySet()) {
                out.writeUTF(e.getKey());
                GramMatrix g = e.getValue();
                out.writeInt(g.size());
                for (int i = 0; i < g.size(); i++) {
                    for (int j = i; j < g.size(); j++) {
                        out.writeFloat((float) g.get(i, j));
                    }
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
            int version = in.readInt() == MAGIC ? in.readInt() : -1;
            if (version != 1 && version != VERSION) {
                throw new IOException("not a layerprobe Gram file of version 1 or " + VERSION);
            }
            int count = in.readInt();
            Map<String, GramMatrix> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String point = in.readUTF();
                int n = in.readInt();
                if (n < 0 || (long) n * (n + 1) * 2 > data.length) {
                    throw new IOException("point " + point + " claims " + n + " x " + n + " values");
                }
                double[] v = new double[n * n];
                for (int r = 0; r < n; r++) {
                    for (int c = version == 1 ? 0 : r; c < n; c++) {
                        v[r * n + c] = in.readFloat();
                        v[c * n + r] = v[r * n + c];
                    }
                }
                out.put(point, new GramMatrix(n, v));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after " + count + " matrices");
            }
            return out;
        } catch (EOFException e) {
            throw new IOException("the file ends early", e);
        }
    }
}
