package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;

import java.util.function.IntFunction;

/**
 * The one rule for a trace's dependencies: every predecessor is a request of the trace, arrives no
 * later than its dependant (a frame waits only on its own or earlier frames), and the dependency
 * graph has no cycle. Together they guarantee that the kernel always has a request it can release.
 */
public final class TraceDependencies {
    private TraceDependencies() {}

    /**
     * @param locate names request {@code r} in an error message ({@code file:line} for a file)
     * @throws BadInputException at the first request that breaks the rule
     */
    public static void check(double[] arrivalSeconds, int[] dependencyStart, int[] dependencies, IntFunction<String> locate) {
        int n = arrivalSeconds.length;
        if (dependencyStart.length != n + 1 || dependencyStart[0] != 0 || dependencyStart[n] != dependencies.length) {
            throw new IllegalArgumentException("dependency offsets do not match the request count");
        }
        for (int r = 0; r < n; r++) {
            for (int k = dependencyStart[r]; k < dependencyStart[r + 1]; k++) {
                int p = dependencies[k];
                if (p < 0 || p >= n) throw bad(locate, r, "depends on request " + p + ", which is not in the trace");
                if (p == r) throw bad(locate, r, "depends on itself (cyclic dependency)");
                if (arrivalSeconds[p] > arrivalSeconds[r]) {
                    throw bad(locate, r, "depends on a later frame: its predecessor (" + locate.apply(p) + ") arrives at "
                            + arrivalSeconds[p] + " s, after this request's " + arrivalSeconds[r] + " s");
                }
            }
        }
        // Cycles: iterative depth-first search, colour 1 = on the current path, 2 = done.
        byte[] colour = new byte[n];
        int[] stack = new int[n];
        int[] cursor = new int[n];
        for (int root = 0; root < n; root++) {
            if (colour[root] != 0) continue;
            int depth = 0;
            stack[0] = root;
            cursor[0] = dependencyStart[root];
            colour[root] = 1;
            while (depth >= 0) {
                int r = stack[depth];
                if (cursor[depth] < dependencyStart[r + 1]) {
                    int p = dependencies[cursor[depth]++];
                    if (colour[p] == 1) throw bad(locate, r, "cyclic dependency: " + cycle(stack, depth, p, locate));
                    if (colour[p] == 0) {
                        colour[p] = 1;
                        stack[++depth] = p;
                        cursor[depth] = dependencyStart[p];
                    }
                } else {
                    colour[r] = 2;
                    depth--;
                }
            }
        }
    }

    private static String cycle(int[] stack, int depth, int repeated, IntFunction<String> locate) {
        StringBuilder b = new StringBuilder();
        int from = depth;
        while (stack[from] != repeated) from--;
        for (int i = from; i <= depth; i++) b.append(locate.apply(stack[i])).append(" waits for ");
        return b.append(locate.apply(repeated)).toString();
    }

    private static BadInputException bad(IntFunction<String> locate, int request, String problem) {
        return new BadInputException(locate.apply(request) + ": " + problem);
    }
}
