package org.layerprobe.experiment;

import org.layerprobe.spec.SettingException;

/**
 * The measurements beyond probe accuracy a spec asks for (its {@code measures:} section); each
 * one is switched on or off on its own, because each costs probe fits of its own.
 *
 * @param mdl the online codelength at every point of each trained network (about one more full
 *     probe fit's worth of passes, in 10 fits on growing prefixes)
 * @param controlTypes k of the control task (one more probe fit per point of each trained
 *     network); 0 turns it off
 * @param ckaImages test images of the linear CKA comparisons (a forward pass and an n x n Gram
 *     matrix per point, stored at 2 n (n + 1) bytes); 0 turns them off, {@link #AUTO_CKA_IMAGES} (the default, when the spec
 *     does not set it) means {@value #DEFAULT_CKA_IMAGES} or the whole test split when it is smaller
 * @param ckaDebiased whether CKA uses the debiased HSIC estimator
 */
public record MeasureSettings(boolean mdl, int controlTypes, int ckaImages, boolean ckaDebiased) {

    /** Largest CKA image count: its Gram matrices are stored with each configuration (2 n (n + 1) bytes a point). */
    public static final int MAX_CKA_IMAGES = 5_000;

    /** CKA images when the spec does not say. */
    public static final int DEFAULT_CKA_IMAGES = 500;
    /** Marks the default: {@value #DEFAULT_CKA_IMAGES} images, or all test images when there are fewer. */
    public static final int AUTO_CKA_IMAGES = -1;

    private static final String SECTION = "measures setting";

    public MeasureSettings {
        if (controlTypes < 0 || controlTypes == 1) {
            throw new SettingException(SECTION, "control_types", controlTypes, "0 (off) or at least 2");
        }
        if (ckaImages < AUTO_CKA_IMAGES || ckaImages > MAX_CKA_IMAGES || ckaImages > 0 && ckaImages < 4) {
            throw new SettingException(SECTION, "cka_images", ckaImages, "0 (off) or in [4, " + MAX_CKA_IMAGES + "]");
        }
    }

    /** Online code and control task off (they multiply probe fits); CKA on up to 500 test images. */
    public static MeasureSettings defaults() {
        return new MeasureSettings(false, 0, AUTO_CKA_IMAGES, false);
    }

    /** The CKA images to use on a test split of {@code testImages}. */
    public int ckaImagesOf(int testImages) {
        return ckaImages == AUTO_CKA_IMAGES ? Math.min(DEFAULT_CKA_IMAGES, testImages) : ckaImages;
    }

    public boolean control() {
        return controlTypes > 0;
    }

    public boolean cka() {
        return ckaImages != 0;
    }
}
