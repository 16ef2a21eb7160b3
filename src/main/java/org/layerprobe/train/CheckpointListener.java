package org.layerprobe.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the network's parameters after the listed numbers of optimizer steps (0: at random init)
 * and at the end of every epoch, as DJL's own parameter bytes: Alain &amp; Bengio's probes during
 * training read these. A batch is announced after its backward pass and before its step, so the
 * parameters seen then are those after the steps counted so far.
 */
final class CheckpointListener extends TrainingListenerAdapter {

    private final Set<Integer> steps;
    private final Map<Integer, byte[]> saved = new TreeMap<>();
    private int done;

    CheckpointListener(Set<Integer> steps) {
        this.steps = Set.copyOf(steps);
    }

    /** Parameters by step, in step order. */
    Map<Integer, byte[]> saved() {
        return saved;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
        if (steps.contains(done)) {
            save(trainer);
        }
        done++;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        save(trainer);
    }

    private void save(Trainer trainer) {
        if (saved.containsKey(done)) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            trainer.getModel().getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        saved.put(done, bytes.toByteArray());
    }
}
