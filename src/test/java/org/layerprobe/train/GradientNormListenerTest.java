package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.Activations;

class GradientNormListenerTest {

    private static final int IN = 16;
    private static final int CLASSES = 4;
    private static final int BATCH = 32;

    private static final Initializer GLOROT_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);
    private static final Initializer HE_NORMAL =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

    private static SequentialBlock mlp(ActivationFunction act, int depth, int width) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(act.block(act.name() + (i + 1)));
        }
        block.add(Linear.builder().setUnits(CLASSES).build());
        return block;
    }

    /** Seeded Gaussian inputs with labels set by the sign pattern of two coordinates. */
    private static List<float[]> data(int batches, long seed) {
        Random rnd = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] xy = new float[BATCH * IN + BATCH];
            for (int i = 0; i < BATCH; i++) {
                for (int j = 0; j < IN; j++) {
                    xy[i * IN + j] = (float) rnd.nextGaussian();
                }
                xy[BATCH * IN + i] = (xy[i * IN] > 0 ? 1 : 0) + (xy[i * IN + 1] > 0 ? 2 : 0);
            }
            out.add(xy);
        }
        return out;
    }

    /**
     * Trains for {@code epochs} with a hand-written loop that notifies the listeners after backward,
     * as {@link ModelTrainer} does; returns the trained first-layer weights.
     */
    private static float[] train(
            SequentialBlock block, Initializer init, long seed, int epochs, List<GradientNormListener> listeners) {
        Engine.getInstance().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("mlp")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(0.05f))
                            .build())
                    .optInitializer(init, Parameter.Type.WEIGHT);
            listeners.forEach(config::addTrainingListeners);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, IN));
                for (int e = 0; e < epochs; e++) {
                    for (float[] xy : data(4, seed + e)) {
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray x = m.create(java.util.Arrays.copyOf(xy, BATCH * IN), new Shape(BATCH, IN));
                            NDArray y = m.create(java.util.Arrays.copyOfRange(xy, BATCH * IN, xy.length));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(x));
                                gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                            }
                            trainer.notifyListeners(l -> l.onTrainingBatch(trainer, null));
                            trainer.step();
                        }
                    }
                    trainer.notifyListeners(l -> l.onEpoch(trainer));
                }
                return block.getParameters().get(0).getValue().getArray().toFloatArray();
            }
        }
    }

    private static Map<String, Double> firstEpoch(SequentialBlock block, Initializer init) {
        GradientNormListener l = new GradientNormListener();
        train(block, init, 42, 1, List.of(l));
        return l.epochs().get(0);
    }

    private static double firstOverLast(Map<String, Double> layers) {
        List<Double> norms = new ArrayList<>(layers.values());
        return norms.get(0) / norms.get(norms.size() - 1);
    }

    @Test
    void normsArePositiveAndFinitePerLayerAndEpoch() {
        GradientNormListener l = new GradientNormListener();
        train(mlp(Activations.get("relu"), 2, 8), HE_NORMAL, 3, 2, List.of(l));
        assertEquals(2, l.epochs().size());
        for (Map<String, Double> epoch : l.epochs()) {
            assertEquals(List.of("01Linear", "03Linear", "05Linear"), List.copyOf(epoch.keySet()));
            for (double norm : epoch.values()) {
                assertTrue(norm > 0 && Double.isFinite(norm), "norm " + norm);
            }
        }
    }

    @Test
    void recordingLeavesTrainingUnchanged() {
        float[] plain = train(mlp(Activations.get("relu"), 2, 8), HE_NORMAL, 9, 2, List.of());
        float[] observed =
                train(mlp(Activations.get("relu"), 2, 8), HE_NORMAL, 9, 2, List.of(new GradientNormListener()));
        assertTrue(java.util.Arrays.equals(plain, observed));
    }

    @Test
    void deepSigmoidGradientVanishesTowardTheInputButReluWithHeInitDoesNot() {
        double sigmoid = firstOverLast(firstEpoch(mlp(Activations.get("sigmoid"), 6, 32), GLOROT_UNIFORM));
        double relu = firstOverLast(firstEpoch(mlp(Activations.get("relu"), 6, 32), HE_NORMAL));
        System.out.printf("first/last layer gradient norm: sigmoid %.3g, relu %.3g%n", sigmoid, relu);
        assertTrue(sigmoid < 0.05, "sigmoid first/last = " + sigmoid);
        assertTrue(relu > 0.2 && relu < 5, "relu first/last = " + relu);
        assertTrue(relu > 10 * sigmoid);
    }

    @Test
    void layersCanBeRenamedOrLeftOut() {
        GradientNormListener l =
                new GradientNormListener(prefix -> prefix.equals("05Linear") ? null : "fc" + prefix.charAt(1));
        train(mlp(Activations.get("relu"), 2, 8), HE_NORMAL, 3, 1, List.of(l));
        assertEquals(List.of("fc1", "fc3"), List.copyOf(l.epochs().get(0).keySet()));
    }

    @Test
    void layerIsTheParameterPathBeforeItsName() {
        assertEquals("01Linear", GradientNormListener.layerOf("01Linear_weight"));
        assertEquals("02SequentialBlock_01Linear", GradientNormListener.layerOf("02SequentialBlock_01Linear_bias"));
        assertEquals("model", GradientNormListener.layerOf("weight"));
    }
}
