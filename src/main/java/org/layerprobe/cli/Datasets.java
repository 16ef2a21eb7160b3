package org.layerprobe.cli;

import org.layerprobe.data.DatasetRef;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.data.fetch.DatasetIntegrity;
import org.layerprobe.data.fetch.DatasetStatus;

/** Fetches a dataset a command needs when it is not here yet, saying so. */
final class Datasets {

    private Datasets() {}

    static void ensure(DatasetRef ref) {
        if (!(ref instanceof DatasetRef.Known known)) {
            return;
        }
        DatasetId id = known.id();
        String name = id.id();
        if (DatasetIntegrity.fromEnvironment().status(id).state() == DatasetStatus.State.MISSING) {
            System.out.println(name + " is not here yet; fetching it");
            DatasetFetcher.fromEnvironment().fetch(id, line -> System.out.println("  " + line));
        }
    }
}
