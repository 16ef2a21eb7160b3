package org.layerprobe.data;

import java.util.Locale;
import org.layerprobe.LayerprobeException;

/**
 * How the images of an image folder become tensors. Unset values are detected from the images,
 * which must then agree; a declared size with {@code resize} false refuses images of other sizes.
 *
 * @param height image height in pixels (0: detect)
 * @param width image width in pixels (0: detect)
 * @param channels 1 (grey) or 3 (colour); 0: detect
 * @param resize resize images of another size to {@code height x width} instead of refusing them
 */
public record ImageOptions(int height, int width, int channels, boolean resize) {

    /** The largest side accepted: probes see every pixel, so larger images belong in a streaming pipeline. */
    public static final int MAX_SIDE = 1024;

    public static final ImageOptions DETECT = new ImageOptions(0, 0, 0, false);

    public ImageOptions {
        if (height < 0 || width < 0 || height > MAX_SIDE || width > MAX_SIDE || (height == 0) != (width == 0)) {
            throw new LayerprobeException("image_size " + height + "x" + width + " is invalid; give both sides, each"
                    + " from 1 to " + MAX_SIDE + " pixels, e.g. [32, 32]");
        }
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new LayerprobeException("channels = " + channels + " is invalid; use 1 (grey) or 3 (colour)");
        }
        if (resize && height == 0) {
            throw new LayerprobeException("resize: true needs image_size, the size to resize to, e.g. [32, 32]");
        }
    }

    /** Whether the size is declared rather than detected. */
    public boolean sizeDeclared() {
        return height > 0;
    }

    /** A short description for keys and manifests, e.g. {@code 32x32, channels 3, resize}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s, channels %s%s",
                sizeDeclared() ? height + "x" + width : "detected size",
                channels == 0 ? "detected" : String.valueOf(channels),
                resize ? ", resize" : "");
    }
}
