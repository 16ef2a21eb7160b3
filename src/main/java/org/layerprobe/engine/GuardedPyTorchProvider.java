package org.layerprobe.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineProvider;

/**
 * DJL's default engine while layerprobe is on the classpath: PyTorch, reached through
 * {@link KernelGuard}. It ranks ahead of PyTorch's own provider, so {@code NDManager.newBaseManager()},
 * {@code Model.newInstance} and {@code Engine.getInstance()} all pass the guard before PyTorch's
 * first operator, whatever the entry point. Code that names the engine ({@code Engine.getEngine("PyTorch")}
 * or {@code -Dai.djl.default_engine=PyTorch}) goes around it.
 */
public final class GuardedPyTorchProvider implements EngineProvider {

    /** The name DJL lists it under; {@code Engine.getInstance()} still returns PyTorch's engine. */
    public static final String NAME = "PyTorch (layerprobe kernel guard)";

    /** PyTorch's own provider ranks 2; lower ranks are preferred. */
    private static final int RANK = 1;

    @Override
    public String getEngineName() {
        return NAME;
    }

    @Override
    public int getEngineRank() {
        return RANK;
    }

    @Override
    public Engine getEngine() {
        KernelGuard.beforeFirstOperator();
        Engine engine = Engine.getEngine("PyTorch");
        KernelGuard.afterEngineLoaded();
        return engine;
    }
}
