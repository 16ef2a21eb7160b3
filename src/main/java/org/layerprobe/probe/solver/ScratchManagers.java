package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Scratch managers that hold a pass's arrays for the length of one computation. */
public final class ScratchManagers {

    private ScratchManagers() {}

    /**
     * A sub-manager of {@code parent} that holds the given arrays until it is closed, each once (a
     * second tempAttach would hand an array back to the closed scratch manager); nulls are skipped.
     */
    public static NDManager holding(NDManager parent, List<NDArray> arrays) {
        NDManager m = parent.newSubManager();
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NDArray a : arrays) {
            if (a != null && seen.add(a)) {
                a.tempAttach(m);
            }
        }
        return m;
    }
}
