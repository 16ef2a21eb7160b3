package org.layerprobe.probe;

/**
 * When {@code auto} hands a probe from plain L-BFGS to the covariance preconditioner. Plain L-BFGS
 * runs first; at pass {@code check} a probe switches if its progress so far projects more than
 * {@code projected} passes to the convergence rule (the worst relative gradient falling at its
 * log-linear rate between passes {@code check / 3} and {@code check}), and any probe still
 * unconverged at pass {@code latest} switches then.
 *
 * <p>Measured on the trained Alain &amp; Bengio net (passes, plain / preconditioned from the
 * first pass): the points plain L-BFGS solves within about 100 passes lose from preconditioning
 * (conv1.act 84 / 113, fc1.act 53 / 261), the slow ones gain (conv1.pre 568 / 230, conv2.pre
 * 197 / 77). A fixed switch at pass 30 helped every point of the quickstart CNN but cost
 * conv1.act of that net 106 passes instead of 83 (2.2 s each); the projection tells the two kinds
 * apart by pass 30.
 */
record SwitchRule(int check, int projected, int latest) {

    /** The default of {@code auto}. */
    static final SwitchRule AUTO = new SwitchRule(30, 60, 100);

    /** A switch at a fixed pass (0: preconditioned from the first pass). */
    static SwitchRule at(int pass) {
        return new SwitchRule(Integer.MAX_VALUE, Integer.MAX_VALUE, pass);
    }

    /**
     * Whether to switch after {@code passes} passes, given the worst relative gradient after each
     * pass so far ({@code worst[i]} after pass i + 1, NaN where no step was taken) and the target;
     * {@code early} is true once, at the first step taken at or after pass {@code check}.
     */
    boolean switchNow(int passes, boolean early, double[] worst, double tolerance) {
        if (passes >= latest) {
            return true;
        }
        if (!early || passes < 3) {
            return false;
        }
        double before = lowest(worst, passes / 3 - 3, passes / 3);
        double now = lowest(worst, passes - 3, passes);
        if (!(before > 0) || !(now > 0)) {
            return false;
        }
        double rate = Math.log(now / before) / (passes - passes / 3);
        if (!(rate < 0)) {
            return true;
        }
        return passes + Math.log(tolerance / now) / rate > projected;
    }

    /** The smallest value at indices [from, to), ignoring NaN: the gradient norm is not monotone. */
    private static double lowest(double[] worst, int from, int to) {
        double v = Double.NaN;
        for (int i = Math.max(0, from); i < Math.min(to, worst.length); i++) {
            if (!Double.isNaN(worst[i]) && !(worst[i] >= v)) {
                v = worst[i];
            }
        }
        return v;
    }
}
