package org.layerprobe.data.fetch;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.layerprobe.LayerprobeException;

/**
 * Just enough of gzip and tar to unpack a package: avoids needing a {@code tar} binary and an
 * archive library for four plain files.
 */
final class Archives {

    private static final int BLOCK = 512;
    private static final int BUFFER = 1 << 16;

    private Archives() {}

    /** Decompresses {@code gz} to {@code out}. */
    static void gunzip(Path gz, Path out) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), BUFFER)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Extracts the regular files of a {@code .tgz} whose entry names {@code wanted} accepts into
     * {@code outDir} (flat, by their last name component) and returns them by entry name.
     */
    static Map<String, Path> extractTarGz(Path tgz, Path outDir, Predicate<String> wanted) throws IOException {
        Map<String, Path> extracted = new HashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), BUFFER), BUFFER)) {
            byte[] header = new byte[BLOCK];
            while (readBlock(in, header) && !isZero(header)) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12, tgz);
                byte type = header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                boolean regular = type == '0' || type == 0;
                if (regular && wanted.test(name)) {
                    // Only the last component: an entry can never escape outDir.
                    Path out = outDir.resolve(Path.of(name).getFileName().toString());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copyExactly(in, os, size, tgz);
                    }
                    in.skipNBytes(padded - size);
                    extracted.put(name, out);
                } else {
                    in.skipNBytes(padded);
                }
            }
        } catch (EOFException e) {
            throw corrupt(tgz);
        }
        return extracted;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException();
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length, Path tgz) {
        String s = field(header, offset, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw corrupt(tgz);
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, Path tgz) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw corrupt(tgz);
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static LayerprobeException corrupt(Path tgz) {
        return LayerprobeException.withFix(
                "the archive " + tgz.getFileName() + " is truncated or not a tar.gz",
                "run the fetch again; if it persists, clear the npm cache (`npm cache clean" + " --force`)");
    }
}
