package org.layerprobe.data;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes the small image folders, IDX files and CIFAR-10 batches the dataset tests read. */
final class TestImages {

    private TestImages() {}

    /** A {@code side x side} image whose every pixel is {@code rgb} (grey when {@code grey}). */
    static BufferedImage plain(int side, int rgb, boolean grey) {
        BufferedImage img =
                new BufferedImage(side, side, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (grey) {
                    // Raw samples: setRGB would convert through the grey colour space's gamma.
                    img.getRaster().setSample(x, y, 0, rgb & 0xff);
                } else {
                    img.setRGB(x, y, rgb);
                }
            }
        }
        return img;
    }

    static Path write(BufferedImage img, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    /**
     * A colour folder: class {@code red} holds reddish images, {@code blue} bluish ones, {@code n}
     * each, as PNG or JPEG; the colour varies a little per image.
     */
    static Path colourFolder(Path root, int n, int side, String format) throws IOException {
        for (int i = 0; i < n; i++) {
            int v = 40 + (i * 37) % 100;
            write(plain(side, (200 << 16) | (v << 8) | v, false), root.resolve("red/" + i + "." + format), format);
            write(plain(side, (v << 16) | (v << 8) | 200, false), root.resolve("blue/" + i + "." + format), format);
        }
        return root;
    }

    /** An IDX images file of {@code count} images of {@code rows x cols}, pixel value (i + r + c) mod 256. */
    static Path idxImages(Path file, int count, int rows, int cols, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        out.writeByte((i + r + c) % 256);
                    }
                }
            }
        }
        return file;
    }

    static Path idxLabels(Path file, int[] labels, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int y : labels) {
                out.writeByte(y);
            }
        }
        return file;
    }

    /**
     * A CIFAR-10 batch of {@code labels.length} records; record {@code i}'s pixel of channel {@code
     * ch} at (row, col) is (i + 3 ch + row + 2 col) mod 256.
     */
    static Path cifarBatch(Path file, int[] labels) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < labels.length; i++) {
                out.write(labels[i]);
                for (int ch = 0; ch < 3; ch++) {
                    for (int r = 0; r < 32; r++) {
                        for (int c = 0; c < 32; c++) {
                            out.write((i + 3 * ch + r + 2 * c) % 256);
                        }
                    }
                }
            }
        }
        return file;
    }

    /** Cuts {@code file} to {@code keep} bytes. */
    static void truncate(Path file, long keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, (int) keep));
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }
}
