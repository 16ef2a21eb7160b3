package org.layerprobe.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.layerprobe.LayerprobeException;

/**
 * Shard {@code index} of {@code count} (0-based): the configurations one process of a job array
 * runs. The assignment is a pure function of the configuration list, its costs and the count, so
 * every shard computes the same partition on any machine, whichever other shards ran.
 */
public record Shard(int index, int count) {

    /** The whole sweep in one process. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new LayerprobeException(
                    "--shard " + index + "/" + count + " is invalid; write I/N with 0 <= I < N, e.g. --shard 0/4");
        }
    }

    /** Parses {@code I/N}, e.g. {@code 2/8}. */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new LayerprobeException("--shard '" + text + "' is invalid; write I/N, e.g. --shard 0/4");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new LayerprobeException("--shard '" + text + "' is invalid; write I/N with whole numbers, e.g. 0/4");
        }
    }

    public boolean isAll() {
        return count == 1;
    }

    /**
     * This shard's items, in their original order. Items are dealt out by expected cost, dearest
     * first (ties by position), each to the shard with the least cost so far (ties to the lowest
     * index): the longest-processing-time rule, which keeps the dearest shard within 4/3 of the
     * optimum, and spreads CNNs and MLPs evenly instead of giving one shard all the CNNs.
     */
    public <T> List<T> select(List<T> items, ToDoubleFunction<T> cost) {
        return select(items, cost, index, count);
    }

    /** The shard each item goes to (see {@link #select}). */
    public static <T> int[] assignment(List<T> items, ToDoubleFunction<T> cost, int count) {
        double[] c = items.stream().mapToDouble(cost).toArray();
        Integer[] order = IntStream.range(0, items.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -c[i]).thenComparingInt(i -> i));
        double[] load = new double[count];
        int[] shardOf = new int[items.size()];
        for (int i : order) {
            int best = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[best]) {
                    best = s;
                }
            }
            shardOf[i] = best;
            load[best] += c[i];
        }
        return shardOf;
    }

    private static <T> List<T> select(List<T> items, ToDoubleFunction<T> cost, int index, int count) {
        int[] shardOf = assignment(items, cost, count);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (shardOf[i] == index) {
                out.add(items.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
