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
 *     matrix per point); 0 turns them off
 * @param ckaDebiased whether CKA uses the debiased HSIC estimator
 */
public record MeasureSettings(boolean mdl, int controlTypes, int ckaImages, boolean ckaDebiased) {

    /** Largest CKA image count: its Gram matrices are stored with each configuration (4 n^2 bytes a point). */
    public static final int MAX_CKA_IMAGES = 5_000;

    private static final String SECTION = "measures setting";

    public MeasureSettings {
        if (controlTypes < 0 || controlTypes == 1) {
            throw new SettingException(SECTION, "control_types", controlTypes, "0 (off) or at least 2");
        }
        if (ckaImages < 0 || ckaImages > MAX_CKA_IMAGES || ckaImages > 0 && ckaImages < 4) {
            throw new SettingException(SECTION, "cka_images", ckaImages,
                    "0 (off) or in [4, " + MAX_CKA_IMAGES + "]");
        }
    }

    /** Online code and control task off (they multiply probe fits); CKA on 500 test images. */
    public static MeasureSettings defaults() {
        return new MeasureSettings(false, 0, 500, false);
    }

    public boolean control() {
        return controlTypes > 0;
    }

    public boolean cka() {
        return ckaImages > 0;
    }
}
