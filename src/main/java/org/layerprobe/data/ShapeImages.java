package org.layerprobe.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.NewDirectory;

/**
 * Writes a seeded image folder of coloured shapes (disc, square, triangle, cross), one sub-folder
 * per shape: a colour task whose class is the shape, never the colour, at a random place and size on
 * a noisy background of another random colour. No single pixel tells the class, so a probe of the
 * input does poorly and a convolutional network has something to find.
 */
public final class ShapeImages {

    public static final List<String> CLASSES = List.of("cross", "disc", "square", "triangle");

    private ShapeImages() {}

    /**
     * Writes {@code perClass} PNG images of {@code side x side} pixels per class under {@code dir}
     * (which must not exist yet, or be empty); returns the number written.
     */
    public static int write(Path dir, int perClass, int side, long seed) {
        if (perClass < 1 || side < 8 || side > 256) {
            throw new LayerprobeException("shapes: images per class must be >= 1 and the side 8 to 256 pixels");
        }
        try {
            NewDirectory.require(dir, "choose a new directory, or delete this one first");
            Random random = new Random(seed);
            int written = 0;
            for (int c = 0; c < CLASSES.size(); c++) {
                Files.createDirectories(dir.resolve(CLASSES.get(c)));
            }
            for (int i = 0; i < perClass; i++) {
                for (int c = 0; c < CLASSES.size(); c++) {
                    BufferedImage image = draw(c, side, random);
                    Path file = dir.resolve(CLASSES.get(c)).resolve(String.format(Locale.ROOT, "%05d.png", i));
                    ImageIO.write(image, "png", file.toFile());
                    written++;
                }
            }
            return written;
        } catch (IOException e) {
            throw new LayerprobeException("cannot write the shape images to " + dir + ": " + e.getMessage());
        }
    }

    /** One image of class {@code shape}. */
    static BufferedImage draw(int shape, int side, Random random) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Color background = randomColour(random);
        Color ink = contrasting(background, random);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, jitter(background, random, 16).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        // Aliased drawing: the same pixels on every JVM and platform.
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(ink);
        int size = side / 3 + random.nextInt(side / 4 + 1);
        int x0 = random.nextInt(side - size + 1);
        int y0 = random.nextInt(side - size + 1);
        switch (CLASSES.get(shape)) {
            case "disc" -> g.fillOval(x0, y0, size, size);
            case "square" -> g.fillRect(x0, y0, size, size);
            case "triangle" ->
                g.fillPolygon(
                        new Polygon(new int[] {x0, x0 + size, x0 + size / 2}, new int[] {y0 + size, y0 + size, y0}, 3));
            default -> {
                int bar = Math.max(2, size / 4);
                g.fillRect(x0, y0 + (size - bar) / 2, size, bar);
                g.fillRect(x0 + (size - bar) / 2, y0, bar, size);
            }
        }
        g.dispose();
        return image;
    }

    private static Color randomColour(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    /** A colour at least a fixed distance from {@code background}, so that every shape is visible. */
    private static Color contrasting(Color background, Random random) {
        while (true) {
            Color c = randomColour(random);
            int d = Math.abs(c.getRed() - background.getRed())
                    + Math.abs(c.getGreen() - background.getGreen())
                    + Math.abs(c.getBlue() - background.getBlue());
            if (d > 200) {
                return c;
            }
        }
    }

    private static Color jitter(Color c, Random random, int amount) {
        return new Color(
                clamp(c.getRed() + random.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + random.nextInt(2 * amount + 1) - amount),
                clamp(c.getBlue() + random.nextInt(2 * amount + 1) - amount));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
