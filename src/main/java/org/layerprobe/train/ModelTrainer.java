package org.layerprobe.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.Network;

/**
 * Trains one network with DJL's {@link Trainer}: seeded init, seeded shuffling, validation and test
 * accuracy. The divergence check and the per-layer gradient norms are DJL training listeners
 * ({@link DivergenceListener}, {@link GradientNormListener}), notified on every batch.
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
        return train(network, data, seed, cacheKey, null);
    }

    /** As {@link #train}, keeping the parameters at the steps {@code checkpoints} asks for (may be null). */
    TrainedModel train(Network network, DataSplits data, long seed, String cacheKey, CheckpointListener checkpoints) {
        Engine.getInstance().setRandomSeed((int) seed);
        Model model = Model.newInstance(network.id());
        model.setBlock(network.block());
        boolean ok = false;
        try {
            long start = System.nanoTime();
            List<EpochStats> epochs = new ArrayList<>();
            GradientNormListener gradients = new GradientNormListener(pointNames(network));
            int batches = BatchIterator.count(data.train().size(), settings.batchSize());
            DivergenceListener divergence = new DivergenceListener(network, settings, batches);
            TrainingListener[] listeners = checkpoints == null
                    ? new TrainingListener[] {divergence, gradients}
                    : new TrainingListener[] {divergence, gradients, checkpoints};
            try (Trainer trainer = model.newTrainer(config(network, listeners))) {
                Shape batchShape = new Shape(1).addAll(network.inputShape());
                trainer.initialize(batchShape);
                for (int e = 1; e <= settings.epochs(); e++) {
                    epochs.add(runEpoch(trainer, network, data, seed, e, gradients));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            NDManager m = model.getNDManager();
            double val = Evaluator.accuracy(network.block(), m, data.validation(), Evaluator.BATCH);
            double test = Evaluator.accuracy(network.block(), m, data.test(), Evaluator.BATCH);
            ok = true;
            return new TrainedModel(network, model, new TrainingResult(epochs, val, test, seconds, false), cacheKey);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    private DefaultTrainingConfig config(Network network, TrainingListener... listeners) {
        Tracker lr = Tracker.fixed((float) settings.learningRate());
        Optimizer opt = switch (settings.optimizer()) {
            case "sgd" ->
                Optimizer.sgd()
                        .setLearningRateTracker(lr)
                        .optMomentum((float) settings.momentum())
                        .build();
            default -> Optimizer.adam().optLearningRateTracker(lr).build();
        };
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(opt)
                .optInitializer(Initializers.forActivation(network.activation()), Parameter.Type.WEIGHT)
                .addTrainingListeners(listeners);
    }

    /**
     * Names DJL's parameter-path prefix of a child of the network's sequential block ({@code
     * 03Conv2d}, or {@code 03SequentialBlock_01Linear} for a nested one; numbered from 1) by the
     * probe point of that child, or null for a child that is not one.
     */
    private static UnaryOperator<String> pointNames(Network network) {
        return prefix -> {
            int digits = 0;
            while (digits < prefix.length() && Character.isDigit(prefix.charAt(digits))) {
                digits++;
            }
            if (digits == 0) {
                return null;
            }
            int child = Integer.parseInt(prefix.substring(0, digits)) - 1;
            return child < network.block().getChildren().size() ? network.pointOfChild(child) : null;
        };
    }

    private EpochStats runEpoch(
            Trainer trainer, Network network, DataSplits data, long seed, int epoch, GradientNormListener gradients) {
        // Seed and epoch both enter the shuffle so every epoch sees a new, reproducible order.
        BatchIterator it = BatchIterator.shuffled(data.train(), settings.batchSize(), seed * 1_000_003L + epoch);
        monitor.onEpochStart(epoch, settings.epochs(), it.batches());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int b = 0; b < it.batches(); b++) {
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList batch = it.batch(m, b);
                NDList labels = new NDList(batch.get(1));
                NDList pred;
                double loss;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    pred = trainer.forward(new NDList(batch.get(0)), labels);
                    NDArray lossArr = trainer.getLoss().evaluate(labels, pred);
                    loss = lossArr.getFloat();
                    gc.backward(lossArr);
                }
                // The listeners (divergence check, gradient norms) see the batch after backward and
                // before the step, as in DJL's EasyTrain.
                TrainingListener.BatchData batchData = new TrainingListener.BatchData(
                        null,
                        Map.of(batch.get(0).getDevice(), labels),
                        Map.of(batch.get(0).getDevice(), pred));
                trainer.notifyListeners(l -> l.onTrainingBatch(trainer, batchData));
                long batchCorrect = pred.singletonOrThrow()
                        .argMax(1)
                        .toType(DataType.FLOAT32, false)
                        .eq(batch.get(1))
                        .countNonzero()
                        .getLong();
                monitor.afterBackward(network.block());
                trainer.step();
                int n = (int) batch.get(1).size();
                lossSum += loss * n;
                correct += batchCorrect;
                seen += n;
                monitor.onBatch(b + 1, loss, (double) batchCorrect / n);
            }
        }
        trainer.notifyListeners(l -> l.onEpoch(trainer));
        List<Map<String, Double>> norms = gradients.epochs();
        Map<String, Double> gradMeans = norms.size() < epoch ? Map.of() : norms.get(epoch - 1);
        double val = Evaluator.accuracy(network.block(), trainer.getManager(), data.validation(), Evaluator.BATCH);
        EpochStats stats = new EpochStats(epoch, lossSum / seen, (double) correct / seen, val, gradMeans);
        monitor.onEpochEnd(stats);
        return stats;
    }
}
