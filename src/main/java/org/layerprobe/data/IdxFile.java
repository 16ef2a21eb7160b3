package org.layerprobe.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.layerprobe.LayerprobeException;

/**
 * One IDX file's header, read from the file itself (gzipped or not), so that a file is known by its
 * content rather than its name: KMNIST, EMNIST and the like name theirs differently.
 *
 * @param path the file
 * @param gzipped whether it is gzip-compressed
 * @param dims the dimensions the header declares (one for labels, three for images)
 */
public record IdxFile(Path path, boolean gzipped, int[] dims) {

    /** The unsigned-byte type code of the IDX magic number; the only type MNIST-layout files use. */
    private static final int UBYTE = 0x08;

    /** Whether this is a labels file (one dimension). */
    public boolean isLabels() {
        return dims.length == 1;
    }

    /** Whether this is an images file (three dimensions: count, rows, columns). */
    public boolean isImages() {
        return dims.length == 3;
    }

    public int count() {
        return dims[0];
    }

    /** Bytes of header: the magic number and one int per dimension. */
    public int headerBytes() {
        return 4 + 4 * dims.length;
    }

    /** Bytes the header promises: header plus one byte per value. */
    public long expectedBytes() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return headerBytes() + n;
    }

    /** The content, decompressed when gzipped. */
    public InputStream open() throws IOException {
        InputStream in = Files.newInputStream(path);
        return gzipped ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** The size of the (decompressed) content, read through to the end for a gzipped file. */
    public long contentBytes() throws IOException {
        if (!gzipped) {
            return Files.size(path);
        }
        try (InputStream in = open()) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Every regular file in {@code dir} (not below it) whose header is an unsigned-byte IDX header. */
    public static List<IdxFile> findAll(Path dir) {
        List<IdxFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    read(p).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new LayerprobeException("cannot list " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** The header of {@code file} when it is an unsigned-byte IDX file of 1 or 3 dimensions. */
    static Optional<IdxFile> read(Path file) {
        boolean gz = file.getFileName().toString().endsWith(".gz");
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UBYTE || (ndims != 1 && ndims != 3)) {
                return Optional.empty();
            }
            int[] dims = new int[ndims];
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new IdxFile(file, gz, dims));
        } catch (IOException e) {
            // Too short for a header, or not gzip after all: not an IDX file.
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + " " + Arrays.toString(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && f.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
