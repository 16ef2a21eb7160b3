package org.layerprobe.probe;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.layerprobe.data.DataSplits;

/**
 * Probes of the raw input, fitted once per data set and reused. The input point's states are the
 * images themselves, whatever network reads them, so its probe is the same problem in every
 * configuration of a sweep (and for the trained and the random-init network alike): the quickstart
 * fitted it 16 times. A fit is reused only for the same {@link DataSplits} object (the same
 * images, labels and split), the same probe settings, the same class count and the same storage
 * of the states (float32, float16 or streamed), which is everything its numbers depend on.
 */
final class InputProbes {

    private static final InputProbes SHARED = new InputProbes();

    /** Keyed by the data's identity, so that a data set no longer in use frees its entries. */
    private final Map<DataSplits, Map<List<Object>, ProbeResult>> fits =
            Collections.synchronizedMap(new WeakHashMap<>());

    static InputProbes shared() {
        return SHARED;
    }

    Optional<ProbeResult> find(DataSplits data, ProbeSettings settings, int classes, String storage) {
        Map<List<Object>, ProbeResult> known = fits.get(data);
        return Optional.ofNullable(known == null ? null : known.get(key(settings, classes, storage)));
    }

    void remember(DataSplits data, ProbeSettings settings, int classes, String storage, ProbeResult result) {
        fits.computeIfAbsent(data, d -> Collections.synchronizedMap(new java.util.HashMap<>()))
                .put(key(settings, classes, storage), result);
    }

    private static List<Object> key(ProbeSettings settings, int classes, String storage) {
        return List.of(settings, classes, storage);
    }
}
