package org.layerprobe.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.engine.KernelVerdict;
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
        KernelVerdict kernels = KernelGuard.current().verdict();
        if (!kernels.checked()) {
            // Unchecked kernels are the likelier cause: on CPUs where oneDNN's convolution kernels
            // are faulty, small-channel CNNs turn NaN at any learning rate.
            return new TrainingDivergedException(String.format(
                    "training %s diverged: loss became %s at epoch %d, batch %d of %d; likely cause: %s, and on some"
                            + " CPUs (AMD Zen 5 seen) they return NaN gradients. Nothing was cached.\n  fix: unset"
                            + " LAYERPROBE_KERNELS and ONEDNN_MAX_CPU_ISA so layerprobe checks the kernels and caps"
                            + " them where needed (docs/kernels.md); if it still diverges, lower the learning rate",
                    network.id(), loss, epoch, batch, batches, kernels.describe()));
        }
        String cause = settings.learningRate() >= 0.1
                ? "the learning rate " + settings.learningRate() + " is very high for " + settings.optimizer()
                : "exploding activations or gradients (" + network.activation().name() + "; check the learning rate "
                        + settings.learningRate() + " and the input scale)";
        return new TrainingDivergedException(String.format(
                "training %s diverged: loss became %s at epoch %d, batch %d of %d; likely cause: %s (%s)."
                        + " Nothing was cached.\n  fix: lower the learning rate (e.g. --lr %s) or use adam",
                network.id(),
                loss,
                epoch,
                batch,
                batches,
                cause,
                kernels.describe(),
                Double.toString(settings.learningRate() / 10)));
    }
}
