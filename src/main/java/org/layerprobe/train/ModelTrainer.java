package org.layerprobe.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.Network;

/**
 * Trains one network with DJL's {@link Trainer}: seeded init, seeded shuffling, a divergence check
 * on every batch, per-layer gradient norms, validation and test accuracy.
 */
public final class ModelTrainer {

    private final TrainSettings settings;
    private final TrainingMonitor monitor;

    public ModelTrainer(TrainSettings settings, TrainingMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
    }

    /**
     * Initialises {@code network} with {@code seed} and trains it for the configured epochs (none:
     * the random-init network, evaluated as is).
     *
     * @throws TrainingDivergedException when the loss becomes NaN or infinite
     */
    public TrainedModel train(Network network, DataSplits data, long seed, String cacheKey) {
        Engine.getInstance().setRandomSeed((int) seed);
        Model model = Model.newInstance(network.id());
        model.setBlock(network.block());
        boolean ok = false;
        try {
            long start = System.nanoTime();
            List<EpochStats> epochs = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config(network))) {
                Shape batchShape = new Shape(1).addAll(network.inputShape());
                trainer.initialize(batchShape);
                for (int e = 1; e <= settings.epochs(); e++) {
                    epochs.add(runEpoch(trainer, network, data, seed, e));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            NDManager m = model.getNDManager();
            double val = Evaluator.accuracy(network.block(), m, data.validation(), 500);
            double test = Evaluator.accuracy(network.block(), m, data.test(), 500);
            ok = true;
            return new TrainedModel(network, model,
                    new TrainingResult(epochs, val, test, seconds, false), cacheKey);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    private DefaultTrainingConfig config(Network network) {
        Tracker lr = Tracker.fixed((float) settings.learningRate());
        Optimizer opt = switch (settings.optimizer()) {
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(lr)
                    .optMomentum((float) settings.momentum()).build();
            default -> Optimizer.adam().optLearningRateTracker(lr).build();
        };
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(opt)
                .optInitializer(Initializers.forActivation(network.activation()), Parameter.Type.WEIGHT);
    }

    private EpochStats runEpoch(Trainer trainer, Network network, DataSplits data, long seed, int epoch) {
        // Seed and epoch both enter the shuffle so every epoch sees a new, reproducible order.
        BatchIterator it = BatchIterator.shuffled(data.train(), settings.batchSize(), seed * 1_000_003L + epoch);
        monitor.onEpochStart(epoch, settings.epochs(), it.batches());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        Map<String, Double> gradSums = new LinkedHashMap<>();
        for (int b = 0; b < it.batches(); b++) {
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList batch = it.batch(m, b);
                double loss;
                long batchCorrect;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(batch.get(0)), new NDList(batch.get(1)));
                    NDArray lossArr = trainer.getLoss().evaluate(new NDList(batch.get(1)), pred);
                    loss = lossArr.getFloat();
                    if (!Double.isFinite(loss)) {
                        throw divergence(network, epoch, b + 1, it.batches(), loss);
                    }
                    gc.backward(lossArr);
                    batchCorrect = pred.singletonOrThrow().argMax(1)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .eq(batch.get(1)).countNonzero().getLong();
                }
                accumulateGradientNorms(network, gradSums);
                monitor.afterBackward(network.block());
                trainer.step();
                int n = (int) batch.get(1).size();
                lossSum += loss * n;
                correct += batchCorrect;
                seen += n;
                monitor.onBatch(b + 1, loss, (double) batchCorrect / n);
            }
        }
        Map<String, Double> gradMeans = new LinkedHashMap<>();
        int batches = it.batches();
        gradSums.forEach((k, v) -> gradMeans.put(k, v / batches));
        double val = Evaluator.accuracy(network.block(), trainer.getManager(), data.validation(), 500);
        EpochStats stats = new EpochStats(epoch, lossSum / seen, (double) correct / seen, val, gradMeans);
        monitor.onEpochEnd(stats);
        return stats;
    }

    /** Sums the gradient L2 norm of each probe-named layer (weights and bias together). */
    private static void accumulateGradientNorms(Network network, Map<String, Double> sums) {
        var children = network.block().getChildren();
        for (int i = 0; i < children.size(); i++) {
            String point = network.pointOfChild(i);
            double sq = 0;
            boolean any = false;
            for (Pair<String, Parameter> p : children.get(i).getValue().getParameters()) {
                // Closed at once: otherwise each batch's arrays live until the model closes.
                float norm;
                try (NDArray g = p.getValue().getArray().getGradient(); NDArray n = g.norm()) {
                    norm = n.getFloat();
                }
                sq += (double) norm * norm;
                any = true;
            }
            if (any && point != null) {
                sums.merge(point, Math.sqrt(sq), Double::sum);
            }
        }
    }

    private TrainingDivergedException divergence(
            Network network, int epoch, int batch, int batches, double loss) {
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
