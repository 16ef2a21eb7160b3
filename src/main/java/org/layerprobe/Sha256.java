package org.layerprobe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, of streams being copied and of texts, as lower-case hex. */
public final class Sha256 {

    private static final int BUFFER = 1 << 20;

    private Sha256() {}

    /** The hash of a file's content. */
    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream());
        }
    }

    /** The hash of a text's UTF-8 bytes (a canonical JSON description, say). */
    public static String of(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Copies {@code in} to {@code out} and returns the hash of what was copied. */
    public static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) >= 0) {
            digest.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
