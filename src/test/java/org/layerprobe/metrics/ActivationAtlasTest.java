package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerprobe.nets.Activations;
import tech.tablesaw.api.Table;

class ActivationAtlasTest {

    private static ActivationAtlas atlas;
    private static Map<String, ActivationProfile> byName;

    @BeforeAll
    static void build() {
        atlas = ActivationAtlas.ofRegistry();
        byName = atlas.profiles().stream().collect(Collectors.toMap(ActivationProfile::name, Function.identity()));
    }

    @Test
    void everyRegisteredActivationIsSampledOnTheWholeInterval() {
        assertEquals(
                Activations.names(),
                atlas.profiles().stream().map(ActivationProfile::name).toList());
        for (ActivationProfile p : atlas.profiles()) {
            double[] x = p.x();
            assertEquals(ActivationAtlas.POINTS, x.length);
            assertEquals(-5.0, x[0]);
            assertEquals(5.0, x[x.length - 1]);
            assertEquals(ActivationAtlas.POINTS, p.derivative().length);
        }
    }

    @Test
    void derivativesComeFromAutograd() {
        ActivationProfile tanh = byName.get("tanh");
        double[] x = tanh.x();
        for (int i = 0; i < x.length; i += 20) {
            assertEquals(ActivationDerivative.at(Activations.get("tanh"), x[i]), tanh.derivative()[i], 1e-7);
        }
    }

    @Test
    void propertiesMatchTheShapeOfEachActivation() {
        ActivationProfile relu = byName.get("relu");
        assertEquals(0.0, relu.min());
        assertEquals(5.0, relu.max());
        assertFalse(relu.zeroCentred(), "relu takes no negative values");
        assertEquals(Saturation.LEFT, relu.saturation());

        ActivationProfile tanh = byName.get("tanh");
        assertTrue(tanh.zeroCentred());
        assertEquals(Saturation.BOTH, tanh.saturation());
        assertEquals(1.0, tanh.maxAbsDerivative(), 1e-6);

        ActivationProfile sigmoid = byName.get("sigmoid");
        assertFalse(sigmoid.zeroCentred(), "sigmoid(0) = 0.5");
        assertEquals(0.5, sigmoid.valueAtZero(), 1e-7);
        assertEquals(0.25, sigmoid.maxAbsDerivative(), 1e-6);
        assertEquals(Saturation.BOTH, sigmoid.saturation());

        ActivationProfile identity = byName.get("identity");
        assertEquals(Saturation.NONE, identity.saturation());
        assertTrue(identity.zeroCentred());
        assertEquals(1.0, identity.maxAbsDerivative());

        assertEquals(Math.log(2), byName.get("softplus").valueAtZero(), 1e-6);
        assertTrue(byName.get("elu").zeroCentred());
        // selu's slope just left of 0 is lambda * alpha = 1.758
        assertEquals(1.758, byName.get("selu").maxAbsDerivative(), 1e-2);
        // slope 0.01 at -5 is below the 0.05 threshold: leaky relu counts as saturating left
        assertEquals(Saturation.LEFT, byName.get("leaky_relu").saturation());
    }

    @Test
    void tableHasOneRowPerActivation() {
        Table t = atlas.table();
        assertEquals(Activations.names().size(), t.rowCount());
        assertEquals(
                0.25,
                t.doubleColumn("max_abs_derivative").get(Activations.names().indexOf("sigmoid")),
                1e-6);
    }

    @Test
    void curveMatchesTheProfileWhereTheyShareAPoint() {
        int tanh = Activations.names().indexOf("tanh");
        ActivationCurve curve = atlas.curve(tanh, new double[] {-5, 0.5, 5});
        ActivationProfile profile = atlas.profiles().get(tanh);
        assertEquals(profile.value()[0], curve.value()[0], 1e-6);
        assertEquals(profile.rightSlope(), curve.derivative()[2], 1e-6);
        assertEquals(Math.tanh(0.5), curve.value()[1], 1e-6);
    }
}
