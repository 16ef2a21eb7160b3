package org.layerprobe.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.layerprobe.nets.Network;

/**
 * A DJL training listener that stops training the moment a batch's loss is NaN or infinite,
 * before the optimiser's step spreads it into the weights, with a message that names the epoch,
 * the batch, the likely cause and the fix.
 */
final class DivergenceListener extends TrainingListenerAdapter {

    private final Network network;
    private final TrainSettings settings;
    private final int batches;
    private int epoch = 1;
    private int batch;

    DivergenceListener(Network network, TrainSettings settings, int batchesPerEpoch) {
        this.network = network;
        this.settings = settings;
        this.batches = batchesPerEpoch;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
        batch++;
        NDList labels = batchData.getLabels().values().iterator().next();
        NDList predictions = batchData.getPredictions().values().iterator().next();
        double loss;
        try (NDArray l = trainer.getLoss().evaluate(labels, predictions)) {
            loss = l.getFloat();
        }
        if (!Double.isFinite(loss)) {
            throw divergence(loss);
        }
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        batch = 0;
    }

    private TrainingDivergedException divergence(double loss) {
        String cause = settings.learningRate() >= 0.1
                ? "the learning rate " + settings.learningRate() + " is very high for " + settings.optimizer()
                : "exploding activations or gradients (" + network.activation().name()
                        + "; check the learning rate " + settings.learningRate() + " and the input scale)";
        return new TrainingDivergedException(String.format(
                "training %s diverged: loss became %s at epoch %d, batch %d of %d; likely cause: %s."
                        + " Nothing was cached.\n  fix: lower the learning rate (e.g. --lr %s) or use adam",
                network.id(), loss, epoch, batch, batches, cause,
                Double.toString(settings.learningRate() / 10)));
    }
}
