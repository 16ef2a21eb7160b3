#!/usr/bin/env python3
"""A peer for layerprobe's solver: the Alain & Bengio input probe fitted by scipy's L-BFGS in float64.

    python3 scripts/peer-input-probe.py [MNIST_DIR] [--l2 0.001] [--gap 1e-4] [--validation 5000]

The same problem as `./layerprobe bench probe --arch alain-bengio --points input`: multinomial
logistic regression on the standardised pixels of the same 55,000 training images (the validation
split is carved with layerprobe's seeded permutation, java.util.Random(0), reproduced here), mean
cross-entropy + 0.5 * l2 * ||W||^2, biases unpenalised. scipy's L-BFGS-B (20 curvature pairs, as
layerprobe's) minimises it over (W, b) jointly, the textbook formulation, until the certificate
layerprobe uses holds: with the biases profiled exactly (Newton over the 10 biases), the bound
||grad_W F(W, b*)||^2 / (2 l2) is at most `gap` of the objective. Checking the certificate costs a
pass of its own; it is checked after every iteration and timed apart.

Needs numpy and scipy (a dev-time peer, never a dependency of layerprobe). Prints the iterations,
function evaluations (passes), seconds and the final bound beside each other.
"""

import argparse
import os
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnist_idx  # noqa: E402


class JavaRandom:
    """java.util.Random, bit for bit: layerprobe's splits are drawn with it."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        value = self.seed >> (48 - bits)
        return value - (1 << bits) if value >= 1 << (bits - 1) and bits == 32 else value

    def next_int(self, bound):
        if bound & (bound - 1) == 0:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):
                return value


def permutation(n, seed):
    """layerprobe's Splits.permutation: a Fisher-Yates shuffle driven by java.util.Random(seed)."""
    rng = JavaRandom(seed)
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next_int(i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    return perm


def profile_biases(z, y, classes):
    """b* for fixed logits z (n, C): Newton's method on the mean cross-entropy over a shift of the logits."""
    n = len(y)
    share = np.bincount(y, minlength=classes) / n
    delta = np.zeros(classes)
    for _ in range(60):
        p = np.exp(z + delta - logsumexp(z + delta, axis=1, keepdims=True))
        g = p.mean(0) - share
        if np.linalg.norm(g) < 1e-14:
            break
        h = np.diag(p.mean(0)) - p.T @ p / n + 1.0 / classes
        step = np.linalg.solve(h, g)
        delta -= step
        if -step @ -g / 2 < 1e-15:
            break
    return delta - delta.mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mnist", nargs="?", default="datasets/mnist")
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--gap", type=float, default=1e-4)
    parser.add_argument("--validation", type=int, default=5000)
    args = parser.parse_args()

    x = mnist_idx.read(os.path.join(args.mnist, "train_data")).reshape(-1, 28 * 28).astype(np.float32) / np.float32(255)
    y = mnist_idx.read(os.path.join(args.mnist, "train_labels"))
    validation = set(permutation(len(y), 0)[: args.validation])
    keep = np.array([i for i in range(len(y)) if i not in validation])
    x = x[keep].astype(np.float64)
    y = y[keep]
    n, d = x.shape
    classes = 10
    mean = x.mean(0)
    sd = np.sqrt(np.maximum(0, (x * x).mean(0) - mean * mean))
    scale = np.where(sd < 1e-6, 0.0, 1.0 / np.where(sd < 1e-6, 1.0, sd))
    xs = (x - mean) * scale
    onehot = np.eye(classes)[y]
    lam = args.l2
    evaluations = [0]

    def objective(theta):
        evaluations[0] += 1
        w = theta[: d * classes].reshape(d, classes)
        b = theta[d * classes:]
        z = xs @ w + b
        lse = logsumexp(z, axis=1, keepdims=True)
        f = np.mean(lse[:, 0] - np.sum(z * onehot, axis=1)) + 0.5 * lam * np.sum(w * w)
        r = (np.exp(z - lse) - onehot) / n
        grad = np.concatenate([(xs.T @ r + lam * w).ravel(), r.sum(0)])
        return f, grad

    certificate = {"checks": 0, "seconds": 0.0, "relative_gap": np.inf, "iteration": 0}

    def check(theta):
        start = time.perf_counter()
        certificate["checks"] += 1
        certificate["iteration"] += 1
        w = theta[: d * classes].reshape(d, classes)
        b = theta[d * classes:]
        z = xs @ w + b
        delta = profile_biases(z, y, classes)
        zs = z + delta
        lse = logsumexp(zs, axis=1, keepdims=True)
        f = np.mean(lse[:, 0] - np.sum(zs * onehot, axis=1)) + 0.5 * lam * np.sum(w * w)
        gw = xs.T @ ((np.exp(zs - lse) - onehot) / n) + lam * w
        certificate["relative_gap"] = np.sum(gw * gw) / (2 * lam) / f
        certificate["objective"] = f
        certificate["seconds"] += time.perf_counter() - start
        if certificate["relative_gap"] <= args.gap:
            raise StopIteration

    start = time.perf_counter()
    result = minimize(objective, np.zeros(d * classes + classes), jac=True, method="L-BFGS-B", callback=check,
                      options={"maxcor": 20, "maxiter": 5000, "maxfun": 20000, "ftol": 0, "gtol": 0})
    total = time.perf_counter() - start
    print(f"peer: scipy {__import__('scipy').__version__} L-BFGS-B (20 pairs), float64, numpy "
          f"{np.__version__}, {os.cpu_count()} cores; {n} train images, {d} pixels, l2 {lam:g}")
    print(f"  stopped: {result.message}")
    print(f"  certified relative gap {certificate['relative_gap']:.2e} (target {args.gap:g}),"
          f" objective {certificate.get('objective', float('nan')):.6f}")
    print(f"  iterations {result.nit}, function evaluations (passes) {evaluations[0]},"
          f" certificate checks {certificate['checks']} (passes of their own)")
    print(f"  seconds: {total - certificate['seconds']:.1f} solving + {certificate['seconds']:.1f} certificate checks"
          f" = {total:.1f}")
    return 0 if certificate["relative_gap"] <= args.gap else 1


if __name__ == "__main__":
    sys.exit(main())
