package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HiddenStates;
import org.layerprobe.metrics.ControlTask;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.metrics.MajorityClass;
import org.layerprobe.metrics.OnlineCodeProber;
import org.layerprobe.metrics.RepresentationGrams;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/**
 * The measurements of a sweep beyond probe accuracy, as its spec's {@code measures:} section
 * asks: the majority-class floor, the online code, the control task and the Gram matrices of
 * linear CKA. What every network of a sweep shares (the control types, the CKA images) is computed
 * once.
 */
final class Measurements {

    private final ExperimentSpec spec;
    private final DataSplits data;
    private final ProbeMonitor monitor;
    private ControlTask.Assignment control;
    private LabeledData ckaImages;

    Measurements(ExperimentSpec spec, DataSplits data, ProbeMonitor monitor) {
        this.spec = spec;
        this.data = data;
        this.monitor = monitor;
    }

    MeasureSettings settings() {
        return spec.measures();
    }

    /** The majority-class test error, at the model point of the trained checkpoint. */
    ResultRow majority(RowIdentity id) {
        return id.atCheckpoint(ResultRow.TRAINED)
                .row(
                        MetricNames.MAJORITY_CLASS_ERROR,
                        MajorityClass.error(
                                data.train().labels(),
                                data.test().labels(),
                                data.train().numClasses()));
    }

    /** Online codelength rows of every probed point. */
    List<ResultRow> onlineCode(RowIdentity at, HiddenStates hooked, List<String> networkPoints) {
        List<ResultRow> rows = new ArrayList<>();
        for (OnlineCodeProber.PointCode c :
                new OnlineCodeProber(spec.probes(), monitor).measure(hooked, data, spec.points())) {
            RowIdentity p = at.atPoint(c.point(), networkPoints.indexOf(c.point()));
            rows.add(p.row(MetricNames.MDL_ONLINE_BITS, c.code().onlineBits()));
            rows.add(p.row(MetricNames.MDL_UNIFORM_BITS, c.code().uniformBits()));
            rows.add(p.row(MetricNames.MDL_COMPRESSION, c.code().compression()));
            rows.add(p.row(MetricNames.MDL_PASSES, c.passes()));
            rows.add(p.row(MetricNames.MDL_CONVERGED, c.converged() ? 1 : 0));
        }
        return rows;
    }

    /** Control-task accuracy and selectivity against {@code task}, the same network's probes. */
    List<ResultRow> controlTask(
            RowIdentity at, HiddenStates hooked, List<ProbeResult> task, List<String> networkPoints) {
        if (control == null) {
            monitor.onNote("control task: k-means of the training images into "
                    + spec.measures().controlTypes() + " types");
            control = new ControlTask(
                            spec.measures().controlTypes(), spec.probes().seed())
                    .assign(data);
        }
        List<ResultRow> rows = new ArrayList<>();
        List<ProbeResult> controls = new LayerProber(spec.probes(), monitor)
                .probe(hooked, control.relabel(data), spec.points())
                .results();
        for (ProbeResult c : controls) {
            RowIdentity p = at.atPoint(c.point(), networkPoints.indexOf(c.point()));
            rows.add(p.row(MetricNames.CONTROL_TEST_ACCURACY, c.testAccuracy()));
            rows.add(p.row(MetricNames.CONTROL_CONVERGED, c.converged() ? 1 : 0));
            task.stream()
                    .filter(t -> t.point().equals(c.point()))
                    .findFirst()
                    .ifPresent(t -> rows.add(p.row(MetricNames.SELECTIVITY, t.testAccuracy() - c.testAccuracy())));
        }
        return rows;
    }

    /** Gram matrices of the probed points on the CKA images. */
    Map<String, GramMatrix> grams(HiddenStates hooked) {
        if (ckaImages == null) {
            ckaImages = RepresentationGrams.images(
                    data.test(),
                    spec.measures().ckaImagesOf(data.test().size()),
                    spec.probes().seed());
        }
        return RepresentationGrams.of(hooked, ckaImages, spec.points());
    }

    /** Point x point CKA rows of one network. */
    List<ResultRow> ckaWithin(RowIdentity at, Map<String, GramMatrix> grams, List<String> networkPoints) {
        return CkaRows.within(at, grams, networkPoints, spec.measures().ckaDebiased());
    }
}
