package org.layerprobe.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.layerprobe.LayerprobeException;

/**
 * Reads image files strictly. {@code ImageIO.read}, which DJL's image factory uses, decodes a
 * truncated JPEG into a half-grey picture with only a warning nobody sees; here every warning and
 * every error refuses the file by name.
 */
final class ImageFileCheck {

    private ImageFileCheck() {}

    /**
     * What a file's header says, without decoding its pixels.
     *
     * @param width pixels
     * @param height pixels
     * @param channels 1 for grey, 3 for colour (alpha is not counted)
     */
    record Header(int width, int height, int channels) {
        String size() {
            return height + "x" + width;
        }
    }

    static Header header(Path file) {
        return withReader(file, reader -> {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            int channels = types.hasNext() ? types.next().getColorModel().getNumColorComponents() : 3;
            return new Header(reader.getWidth(0), reader.getHeight(0), channels == 1 ? 1 : 3);
        });
    }

    /** The decoded image; a truncated or damaged file is refused, never half-read. */
    static BufferedImage decode(Path file) {
        return withReader(file, reader -> {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw damaged(file, String.join("; ", warnings));
            }
            return image;
        });
    }

    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    private static <T> T withReader(Path file, ReaderUse<T> use) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw damaged(file, "it cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw damaged(file, "it is not an image Java can decode (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof LayerprobeException le) {
                throw le;
            }
            throw damaged(file, "it cannot be decoded (" + e.getMessage() + "): truncated or damaged");
        }
    }

    private static LayerprobeException damaged(Path file, String why) {
        return LayerprobeException.withFix(
                "image " + file + " is unusable: " + why,
                "replace or delete that file; every image of a dataset must be readable");
    }
}
