package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.policy.DystaScore;

import java.util.Arrays;

/**
 * MoCA's evaluated runtime on its 8-tile SoC, event-driven: 4 sub-groups of 2 tiles (sub-groups
 * {@code k} and {@code k ^ 1} form a group; sub-group {@code k} owns tiles {@code 2k, 2k+1}), the
 * round-based dispatcher, co-location of memory-heavy blocks, per-layer regulation, and every layer's
 * progress rate from {@link MemorySystem#progressRates} recomputed at every event (any layer start
 * or end anywhere). A request on a sub-group runs as one slice of 2 tiles, so its two tiles meet at a
 * barrier after every layer. One instance per thread; after the first run of a given trace size it
 * allocates nothing per event (state lives in primitive arrays that only grow).
 *
 * <h2>Dispatcher (one round)</h2>
 * The round starts at clock T. Each sub-group is predicted free at {@code c_k = T + horizon}. An
 * iteration: {@code H = min c_k}; eligible = unassigned requests arriving at or before H (all of
 * them when at most 5 arrive after H); score = {@code priority * 1e5 + floor(aging * max(0, H - arrival)
 * / sp_prediction)}; the at most {@code 4 x queueDepth} best (ties: earlier arrival) are handed out
 * in passes over k = 0..3, each pass giving the next candidate to every sub-group whose c_k is
 * the smallest at its turn, which adds {@code bookkeepingScale x tp_prediction} to c_k; a pass that
 * finds a sub-group holding {@code queueDepth} this iteration sends the remaining candidates back.
 * Up to {@code iterations} iterations; the artifact's early stops (nothing to hand out in the first
 * iteration, or in the second after a first of one) are kept. No iteration at all: every clock
 * advances by 1 000 000 cycles.
 *
 * <h2>Execution</h2>
 * Each sub-group runs its slots (iterations in order) back to back. At its turn a slot is released
 * to the pool when the round was full (all iterations), it has not started, and another sub-group
 * finished its whole list strictly earlier. MoCA-family policies pair, after dispatch, every
 * ResNet-50/YOLOv2/AlexNet slot with the first unclaimed partner-type slot at or after it (MOCA.md
 * §6): the heavy runs its remaining 2-tile blocks, then its memory-heavy block alone on tile 0
 * (regulated) beside the partner's portion on tile 1 (unregulated, invisible to regulation); the
 * slot ends when both are done. The round ends when every sub-group is done; the next round's T is
 * then the real time (physical) or the maximum over tiles of their accumulated run time (artifact:
 * each tile adds its sub-group's elapsed time of the round, so a tile whose sub-group finished early
 * lags, as in the artifact's bookkeeping).
 *
 * <h2>Regulation</h2>
 * At every layer start of a sub-group's primary slice (tile 0 publishes): U and the score are
 * published for the sub-group (0 for a layer that is not regulatable), the cap comes from
 * {@link Regulation#capRowsPerCycle} against the other three sub-groups' published values, and it
 * holds for that layer. A sub-group's entry is cleared when its slot ends. Slack: target minus time
 * since arrival (the full target before arrival); togo: tp_prediction minus each finished layer's
 * share of it ({@link MocaWork#togoDecrementCycles}). The cap is for the tiles the slice runs on (a
 * co-located heavy block: one tile).
 *
 * <h2>The two runtimes</h2>
 * <b>Physical</b> (default): no layer starts before its request arrives (a sub-group or a partner
 * tile idles until then); partners resume where they stopped; logged latency = finish - arrival;
 * regulation weights co-runners by their own scores (intended).
 * <b>Artifact</b> ({@code artifactRuntime}): look-ahead start; latency logged per tile on the
 * artifact's bookkeeping clock (T plus the tile's own busy time in the round, barrier waits at the
 * end of a co-located slot not counted), 1000 when not after arrival, the maximum over the tiles,
 * then raised to tp_prediction; MoCA-family slots run only while their block status is below the
 * as-written thresholds (ResNet 2, AlexNet 2, GoogLeNet 1, SqueezeNet 2, KWS 3, YOLOv2 1, YOLO-Lite
 * never), partial requests resume at the start of their next 2-tile block (KWS skips layers 13-14);
 * regulation as written (own score for every co-runner weight).
 *
 * <h2>Choices where MOCA.md is silent</h2>
 * <ul>
 *   <li>The release check happens at a slot's turn, before any wait for arrival; a sub-group that
 *       finishes at the same instant is not seen (strict), so a round's first slots always run.</li>
 *   <li>Physical: a partner that has not arrived when the heavy reaches its memory-heavy block is
 *       not co-located (the heavy keeps both tiles; the partner runs at its own slot), rather than
 *       idling tile 1 until it arrives.</li>
 *   <li>PREMA (MOCA.md §8): one request at a time on all 8 tiles, rounds of {@code roundSize} picked by
 *       {@code priority x 1e5 + floor(aging x wait / (4 sp_prediction))}, wait from now + look-ahead,
 *       everything eligible when at most 3 arrive later; runs to completion, so no preemption cost.</li>
 *   <li>Planaria: parts are equal layer-count ranges ({@link MocaNetwork#partCount()}); the score
 *       {@code level x 1e8 / (slack x ceil(togo / slack))} is published at slot start; at a part
 *       boundary a ResNet-50/KWS/YOLOv2 request whose score is at least its running sibling's
 *       suspends the sibling and runs its next part on 4 tiles, then the sibling continues. The
 *       preempted layer pays its resident state (at most a scratchpad) written back and re-read: its
 *       remaining work grows by twice min(done fraction, scratchpad rows / the layer's loads per tile),
 *       which then runs at the layer's contended rate.</li>
 * </ul>
 */
public final class MocaRuntime {
    static final int SUB_GROUPS = 4;
    static final int TILES = 8;
    private static final int SLICES = 2 * SUB_GROUPS;
    private static final double IDLE_ADVANCE_CYCLES = 1_000_000;
    private static final int MOCA_ALL_WHEN_BEYOND = 5;
    private static final int PREMA_ALL_WHEN_BEYOND = 3;
    private static final double PREMA_WAIT_DIVISOR = 4;
    private static final double PRIORITY_WEIGHT = 100_000;
    private static final double LOGGED_IF_NOT_AFTER_ARRIVAL = 1000;
    private static final double PLANARIA_SCORE_SCALE = 1e8;
    private static final double PLANARIA_SLACK_FLOOR_CYCLES = 10;
    private static final int MAX_LIST = 5 * 16 + 16;
    private static final int MAX_ROUNDS = 10_000_000;
    /** The artifact's 0-based table {4, 2, 2, 1, 2, 3, 1} read with 1-based ids; YOLO-Lite's read is out of bounds (never runs). */
    private static final int[] AS_WRITTEN_THRESHOLD = {2, 2, 1, 2, 3, 1, 0};
    /** MocaNetwork.values() copies its array on every call; the hot paths index this one. */
    private static final MocaNetwork[] NETWORKS = MocaNetwork.values();
    private static final int STATUS_DONE = 100;
    private static final int STATUS_PARTNER_DONE = 50;

    private static final int UNASSIGNED = -1, ASSIGNED = 0, PARTIAL = 1, DONE = 2;
    private static final int INACTIVE = 0, RUNNING = 1, WAITING = 2, SUSPENDED = 3;

    private final MocaWork work;
    private final MemorySystem memory;
    /** MocaWork.togoDecrementCycles per network and layer, read once (the kernel's layer ends read it). */
    private final double[][] togoDecrementCycles;
    private final double[] regulationParams = new double[Regulation.SPACE.size()];
    /** Sensitivity studies only (the experiments module's MocaSensitivityReport): the regulation weighting regardless of the runtime; null = the runtime's. */
    Boolean weightingAsWritten;
    /** Sensitivity studies only: {@link Regulation#allowedUtilisation(double[], boolean, boolean, int, int, int, int[], int[])}'s split cut. */
    boolean splitCut;

    /**
     * Sensitivity studies only: variants of the regulation that are not MoCA's published runtime.
     *
     * @param weightingAsWritten the regulation weighting as the artifact writes it (true) or as intended (false), whatever
     *                           the runtime; null = the runtime's own
     * @param splitCut           split a bandwidth cut over the co-runners (not MoCA's rule)
     */
    public void sensitivityVariant(Boolean weightingAsWritten, boolean splitCut) {
        this.weightingAsWritten = weightingAsWritten;
        this.splitCut = splitCut;
    }

    // ---- run configuration ----
    private MocaPolicies.Spec spec;
    private boolean artifact;
    private long horizonCycles;
    private double bookkeepingScale;
    private int queueDepth;
    private int iterations;
    private double agingWeight;
    private double beta;
    /** A plug-in policy's own parameter values (the tail of its vector); set once per run. */
    private double[] plugInParams;
    private long premaLookAhead;
    private int premaRound;

    // ---- trace (copied per run) ----
    private int n;
    private long[] arrival = new long[0];
    private int[] net = new int[0];
    private int[] level = new int[0];
    private long[] target = new long[0];

    // ---- request state ----
    private int[] state = new int[0];
    private int[] blockStatus = new int[0];
    private int[] nextLayer = new int[0];
    private double[] togo = new double[0];
    private int[] layersRun = new int[0];
    private double[] startAt = new double[0];
    private double[] finishAt = new double[0];
    private double[] loggedTile0 = new double[0];
    private double[] loggedTile1 = new double[0];
    private boolean[] ran = new boolean[0];
    private long[] score = new long[0];
    private double[] cost = new double[0];

    // ---- dispatcher scratch ----
    private final long[] predictedFree = new long[SUB_GROUPS];
    private final int[] takenThisIteration = new int[SUB_GROUPS];
    private int[] candidates = new int[64];
    private int[][] list = new int[SUB_GROUPS][MAX_LIST];
    private int[][] partnerAt = new int[SUB_GROUPS][MAX_LIST];
    private boolean[][] claimed = new boolean[SUB_GROUPS][MAX_LIST];
    private final int[] listLength = new int[SUB_GROUPS];
    private boolean fullRound;

    // ---- sub-group state ----
    private final int[] position = new int[SUB_GROUPS];
    private final boolean[] listDone = new boolean[SUB_GROUPS];
    private final double[] listDoneAt = new double[SUB_GROUPS];
    private final double[] slotStart = new double[SUB_GROUPS];
    private final int[] slotRequest = new int[SUB_GROUPS];
    private final int[] slotPartner = new int[SUB_GROUPS];
    private final int[] slotPartnerEnd = new int[SUB_GROUPS];
    private final boolean[] slotTwoTilePhase = new boolean[SUB_GROUPS];
    private final int[] publishedU = new int[SUB_GROUPS];
    private final int[] publishedScore = new int[SUB_GROUPS];
    private final double[] planariaScore = new double[SUB_GROUPS];
    private final boolean[] merged = new boolean[SUB_GROUPS];
    private final int[] othersU = new int[SUB_GROUPS - 1];
    private final int[] othersScore = new int[SUB_GROUPS - 1];

    // ---- clocks ----
    private double now;
    private final double[] tileClock = new double[TILES];
    private final double[] logBase = new double[TILES];
    private final double[] tileEnd = new double[TILES];

    // ---- slices: 2k = sub-group k's primary (tile 0, or both), 2k+1 = its partner on tile 1 ----
    private final int[] sliceState = new int[SLICES];
    private final double[] sliceWaitUntil = new double[SLICES];
    private final int[] sliceRequest = new int[SLICES];
    private final int[] sliceLayer = new int[SLICES];
    private final int[] sliceEnd = new int[SLICES];
    private final int[] sliceTiles = new int[SLICES];
    private final double[] sliceCap = new double[SLICES];
    private final double[] sliceRemaining = new double[SLICES];
    private final boolean[] sliceRegulated = new boolean[SLICES];
    private final int[] runIndex = new int[SLICES];
    private final int[] runNetwork = new int[SLICES];
    private final int[] runLayer = new int[SLICES];
    private final int[] runTiles = new int[SLICES];
    private final double[] runCap = new double[SLICES];
    private final double[] runRate = new double[SLICES];
    private long events;
    private int preemptions;

    // ---- the realised plan of every run: appended at slot begins only ----
    private int rounds;
    private double[] recordedRoundStart = new double[16];
    private int recordedSlots;
    private int[] recordedRound = new int[64];
    private int[] recordedSubGroup = new int[64];
    private int[] recordedRequest = new int[64];
    private int[] recordedPartner = new int[64];

    public MocaRuntime() { this(MocaWork.standard()); }

    public MocaRuntime(MocaWork work) {
        this.work = work;
        this.memory = new MemorySystem(work);
        togoDecrementCycles = new double[NETWORKS.length][];
        for (MocaNetwork network : NETWORKS) {
            double[] decrements = new double[network.layerCount()];
            for (int l = 0; l < decrements.length; l++) decrements[l] = work.togoDecrementCycles(network.ordinal(), l);
            togoDecrementCycles[network.ordinal()] = decrements;
        }
    }

    /**
     * Runs {@code policyName} with {@code params} (its {@link MocaPolicies#space} order) on
     * {@code trace} and writes every request's result into {@code out}.
     */
    public void run(String policyName, double[] params, MocaTrace trace, boolean artifactRuntime, MocaOutcome out) {
        configure(MocaPolicies.spec(policyName), params, artifactRuntime);
        load(trace);
        out.reset(n);
        simulate();
        report(out);
    }

    /**
     * Executes {@code fixedPlan} on {@code trace} in place of {@code policyName}'s dispatcher, with
     * everything else of the policy (its sub-group width, co-location, regulation, Planaria's
     * preemption, physical semantics). Rounds run as the online runtime runs them: no release rule,
     * each round starting when the last one ended or at its start time, whichever is later; a plan
     * that pairs by rule gets the policy's pairing (none for policies without co-location).
     */
    public void runPlan(String policyName, double[] params, MocaTrace trace, MocaPlan fixedPlan, MocaOutcome out) {
        configure(MocaPolicies.spec(policyName), params, false);
        load(trace);
        fixedPlan.validate(n, "plan");
        if (spec.dispatcher() == MocaPolicies.Dispatcher.PREMA) {
            for (int t = 0; t < fixedPlan.rounds(); t++) {
                for (int k = 1; k < SUB_GROUPS; k++) {
                    if (fixedPlan.length(t, k) > 0) throw BadInputException.at("plan", "prema runs one list on all 8 tiles; sub-group " + k + " must be empty");
                }
            }
        }
        out.reset(n);
        simulatePlan(fixedPlan);
        report(out);
    }

    /**
     * The last run's realised plan: every round's start and, per sub-group in order, every slot it
     * began (released and skipped slots left out) with the partner it was paired with. Replaying it
     * with {@link #runPlan} under the same policy repeats a physical run.
     */
    public MocaPlan realisedPlan() {
        double[] starts = Arrays.copyOf(recordedRoundStart, rounds);
        int[][][] requests = new int[rounds][SUB_GROUPS][];
        int[][][] partners = new int[rounds][SUB_GROUPS][];
        int[][] counts = new int[rounds][SUB_GROUPS];
        for (int i = 0; i < recordedSlots; i++) counts[recordedRound[i]][recordedSubGroup[i]]++;
        for (int t = 0; t < rounds; t++) {
            for (int k = 0; k < SUB_GROUPS; k++) {
                requests[t][k] = new int[counts[t][k]];
                partners[t][k] = new int[counts[t][k]];
                counts[t][k] = 0;
            }
        }
        for (int i = 0; i < recordedSlots; i++) {
            int t = recordedRound[i], k = recordedSubGroup[i], j = counts[t][k]++;
            requests[t][k][j] = recordedRequest[i];
            partners[t][k][j] = recordedPartner[i];
        }
        return MocaPlan.ofRounds(starts, requests, partners);
    }

    private void report(MocaOutcome out) {
        double makespan = 0;
        for (int r = 0; r < n; r++) {
            double logged;
            if (artifact) {
                logged = Math.max(Math.max(loggedTile0[r], loggedTile1[r]), NETWORKS[net[r]].tpPredictionCycles());
            } else {
                if (state[r] != DONE) throw new IllegalStateException("request " + r + " did not finish under " + spec.name());
                logged = finishAt[r] - arrival[r];
            }
            if (ran[r]) makespan = Math.max(makespan, finishAt[r]);
            out.record(r, startAt[r], finishAt[r], logged, target[r], ran[r]);
        }
        out.finishRun(events, makespan);
    }

    private void configure(MocaPolicies.Spec policy, double[] params, boolean artifactRuntime) {
        policy.space().validate(policy.name(), params);
        spec = policy;
        artifact = artifactRuntime;
        if (policy.regulation()) System.arraycopy(params, 0, regulationParams, 0, regulationParams.length);
        if (policy.dispatcher() == MocaPolicies.Dispatcher.PREMA) {
            premaLookAhead = Math.round(param(params, MocaPolicies.PREMA_LOOK_AHEAD.name()));
            premaRound = (int) Math.round(param(params, MocaPolicies.PREMA_ROUND.name()));
            agingWeight = param(params, MocaPolicies.AGING.name());
        } else {
            horizonCycles = Math.round(param(params, MocaPolicies.HORIZON.name()));
            bookkeepingScale = param(params, MocaPolicies.BOOKKEEPING.name());
            queueDepth = (int) Math.round(param(params, MocaPolicies.QUEUE_DEPTH.name()));
            iterations = (int) Math.round(param(params, MocaPolicies.ITERATIONS.name()));
            if (policy.dispatcher() == MocaPolicies.Dispatcher.DYSTA) beta = param(params, MocaPolicies.BETA.name());
            else if (policy.dispatcher() == MocaPolicies.Dispatcher.PLUG_IN) plugInParams = Arrays.copyOfRange(params, params.length - policy.ownParameters(), params.length);
            else agingWeight = param(params, MocaPolicies.AGING.name());
        }
    }

    private double param(double[] params, String name) { return params[spec.space().indexOf(spec.name(), name)]; }

    private void load(MocaTrace trace) {
        n = trace.size();
        if (arrival.length < n) {
            arrival = new long[n];
            net = new int[n];
            level = new int[n];
            target = new long[n];
            state = new int[n];
            blockStatus = new int[n];
            nextLayer = new int[n];
            togo = new double[n];
            layersRun = new int[n];
            startAt = new double[n];
            finishAt = new double[n];
            loggedTile0 = new double[n];
            loggedTile1 = new double[n];
            ran = new boolean[n];
            score = new long[n];
            cost = new double[n];
        }
        for (int r = 0; r < n; r++) {
            arrival[r] = trace.arrivalCycles(r);
            net[r] = trace.network(r);
            level[r] = trace.priorityLevel(r);
            target[r] = trace.targetCycles(r);
            togo[r] = NETWORKS[net[r]].tpPredictionCycles();
        }
        Arrays.fill(state, 0, n, UNASSIGNED);
        Arrays.fill(blockStatus, 0, n, 0);
        Arrays.fill(nextLayer, 0, n, 0);
        Arrays.fill(layersRun, 0, n, 0);
        Arrays.fill(startAt, 0, n, Double.NaN);
        Arrays.fill(finishAt, 0, n, Double.NaN);
        Arrays.fill(loggedTile0, 0, n, 0);
        Arrays.fill(loggedTile1, 0, n, 0);
        Arrays.fill(ran, 0, n, false);
        Arrays.fill(tileClock, 0);
        Arrays.fill(publishedU, 0);
        Arrays.fill(publishedScore, 0);
        now = 0;
        events = 0;
        preemptions = 0;
        rounds = 0;
        recordedSlots = 0;
    }

    // ================= rounds =================

    private void simulate() {
        boolean prema = spec.dispatcher() == MocaPolicies.Dispatcher.PREMA;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double clock = artifact ? max(tileClock) : now;
            if (artifact) now = clock;
            int handedOut = prema ? dispatchPrema((long) clock) : dispatchRounds((long) clock);
            if (handedOut == 0) {
                if (!anyUnassigned()) return;
                if (artifact) for (int t = 0; t < TILES; t++) tileClock[t] += IDLE_ADVANCE_CYCLES;
                else now += IDLE_ADVANCE_CYCLES;
                continue;
            }
            if (spec.coLocation()) group();
            runRound(prema);
        }
        throw new IllegalStateException(spec.name() + ": no end after " + MAX_ROUNDS + " rounds");
    }

    /** The plan's rounds in place of dispatch (MocaPlan); a request the plan leaves unfinished fails the run in report(). */
    private void simulatePlan(MocaPlan plan) {
        boolean prema = spec.dispatcher() == MocaPolicies.Dispatcher.PREMA;
        for (int t = 0; t < plan.rounds(); t++) {
            now = Math.max(now, plan.roundStartCycles(t));
            for (int k = 0; k < SUB_GROUPS; k++) {
                int length = plan.length(t, k);
                ensureListCapacity(length);
                listLength[k] = length;
                for (int i = 0; i < length; i++) {
                    int r = plan.request(t, k, i);
                    list[k][i] = r;
                    partnerAt[k][i] = plan.partner(t, k, i);
                    if (state[r] == UNASSIGNED) state[r] = ASSIGNED;
                }
            }
            fullRound = false;
            if (plan.pairsByRule() && spec.coLocation()) group();
            runRound(prema);
        }
    }

    private void ensureListCapacity(int length) {
        if (list[0].length >= length) return;
        int capacity = Math.max(length, 2 * list[0].length);
        for (int k = 0; k < SUB_GROUPS; k++) {
            list[k] = Arrays.copyOf(list[k], capacity);
            partnerAt[k] = Arrays.copyOf(partnerAt[k], capacity);
            claimed[k] = Arrays.copyOf(claimed[k], capacity);
        }
    }

    private boolean anyUnassigned() {
        for (int r = 0; r < n; r++) if (state[r] == UNASSIGNED) return true;
        return false;
    }

    /** First request arriving after {@code horizon}, or n; n as well when at most {@code allWhenBeyond} arrive later. */
    private int eligibleEnd(long horizon, int allWhenBeyond) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (arrival[mid] > horizon) hi = mid;
            else lo = mid + 1;
        }
        return lo >= n - allWhenBeyond ? n : lo;
    }

    /** MoCA's round dispatcher (also static-partition's, planaria's and moca-dysta's); returns the iterations run. */
    int dispatchRounds(long clock) {
        for (int k = 0; k < SUB_GROUPS; k++) {
            predictedFree[k] = clock + horizonCycles;
            listLength[k] = 0;
            takenThisIteration[k] = 0;
        }
        int maxCandidates = queueDepth * SUB_GROUPS;
        if (candidates.length < maxCandidates) candidates = new int[maxCandidates];
        int previousLength = 0;
        int iteration = 0;
        boolean dysta = spec.dispatcher() == MocaPolicies.Dispatcher.DYSTA;
        MocaPolicies.QueueCost plugIn = spec.queueCost();
        boolean byCost = dysta || plugIn != null;
        while (iteration < iterations) {
            long horizon = min(predictedFree);
            int end = eligibleEnd(horizon, MOCA_ALL_WHEN_BEYOND);
            int waiting = 0;
            for (int r = 0; r < end; r++) if (state[r] == UNASSIGNED) waiting++;
            if (waiting == 0 && end == n) break;
            for (int r = 0; r < end; r++) {
                if (state[r] != UNASSIGNED) continue;
                MocaNetwork network = NETWORKS[net[r]];
                long wait = Math.max(0, horizon - arrival[r]);
                if (dysta) {
                    double slack = target[r] - (double) wait;
                    cost[r] = DystaScore.cost(togo[r], slack, wait, network.tpPredictionCycles(), waiting, beta);
                } else if (plugIn != null) {
                    cost[r] = plugIn.cost(plugInParams, level[r], togo[r], target[r] - (double) wait, wait, network.tpPredictionCycles(), waiting);
                } else {
                    score[r] = (long) (level[r] * PRIORITY_WEIGHT) + aging(wait, network.spPredictionCycles());
                }
            }
            int count = 0;
            while (count < maxCandidates) {
                int best = -1;
                for (int r = 0; r < end; r++) {
                    if (state[r] != UNASSIGNED) continue;
                    if (best < 0 || (byCost ? cost[r] < cost[best] : score[r] > score[best])) best = r;
                }
                if (best < 0) break;
                candidates[count++] = best;
                state[best] = ASSIGNED;
            }
            if (count == 0 && ((iteration == 0 && previousLength == 0) || (iteration == 1 && previousLength == 1))) break;
            previousLength = count;
            handOut(count, iteration);
            iteration++;
            Arrays.fill(takenThisIteration, 0);
        }
        fullRound = iteration == iterations;
        return iteration;
    }

    private long aging(long waitCycles, long spPredictionCycles) {
        if (agingWeight == Math.rint(agingWeight)) return (long) agingWeight * waitCycles / spPredictionCycles;
        return (long) Math.floor(agingWeight * waitCycles / spPredictionCycles);
    }

    /** The artifact's hand-out passes: each pass visits k = 0..3 once, giving the next candidate to k if its c_k is the smallest now. */
    private void handOut(int count, int iteration) {
        int p = 0;
        while (p < count) {
            boolean full = false;
            for (int k = 0; k < SUB_GROUPS; k++) if (takenThisIteration[k] >= queueDepth) full = true;
            if (full) {
                state[candidates[p++]] = UNASSIGNED;
                continue;
            }
            for (int k = 0; k < SUB_GROUPS && p < count; k++) {
                boolean smallest = true;
                for (int c = 0; c < SUB_GROUPS; c++) if (predictedFree[k] > predictedFree[c]) smallest = false;
                if (!smallest) continue;
                int r = candidates[p++];
                list[k][listLength[k]++] = r;
                predictedFree[k] = (long) (predictedFree[k] + NETWORKS[net[r]].tpPredictionCycles() * bookkeepingScale);
                takenThisIteration[k]++;
            }
        }
    }

    /** PREMA's round: up to {@code roundSize} requests for the single 8-tile group; returns how many. */
    int dispatchPrema(long clock) {
        for (int k = 0; k < SUB_GROUPS; k++) listLength[k] = 0;
        long horizon = clock + premaLookAhead;
        int end = eligibleEnd(horizon, PREMA_ALL_WHEN_BEYOND);
        for (int r = 0; r < end; r++) {
            if (state[r] != UNASSIGNED) continue;
            long wait = Math.max(0, horizon - arrival[r]);
            score[r] = (long) (level[r] * PRIORITY_WEIGHT)
                    + (long) Math.floor(agingWeight * wait / (PREMA_WAIT_DIVISOR * NETWORKS[net[r]].spPredictionCycles()));
        }
        int count = 0;
        while (count < premaRound) {
            int best = -1;
            for (int r = 0; r < end; r++) if (state[r] == UNASSIGNED && (best < 0 || score[r] > score[best])) best = r;
            if (best < 0) break;
            state[best] = ASSIGNED;
            list[0][listLength[0]++] = best;
            count++;
        }
        fullRound = false;
        return count;
    }

    // ================= co-location =================

    /** MOCA.md §6: every heavy slot claims the first unclaimed partner-type slot at or after it in its sub-group's list. */
    void group() {
        for (int k = 0; k < SUB_GROUPS; k++) {
            Arrays.fill(partnerAt[k], 0, listLength[k], -1);
            Arrays.fill(claimed[k], 0, listLength[k], false);
            for (int i = 0; i < listLength[k]; i++) {
                MocaNetwork heavy = NETWORKS[net[list[k][i]]];
                if (heavy.memoryHeavyBlock() < 0) continue;
                for (int j = i; j < listLength[k]; j++) {
                    if (!claimed[k][j] && partnerEnd(heavy, NETWORKS[net[list[k][j]]]) > 0) {
                        claimed[k][j] = true;
                        partnerAt[k][i] = list[k][j];
                        break;
                    }
                }
            }
        }
    }

    /** Exclusive end layer (0-based) of {@code partner}'s portion beside {@code heavy}'s memory-heavy block, 0 if not a partner type. */
    public static int partnerEnd(MocaNetwork heavy, MocaNetwork partner) {
        switch (heavy) {
            case RESNET50: case YOLOV2:
                switch (partner) {
                    case SQUEEZENET: case YOLOLITE: return partner.layerCount();
                    case KWSNET: return partner.blockEndLayerOnOneTile(0);
                    case ALEXNET: case GOOGLENET: return partner.blockEndLayer(0);
                    default: return 0;
                }
            case ALEXNET:
                switch (partner) {
                    case GOOGLENET: case KWSNET: return partner.layerCount();
                    case YOLOV2: case RESNET50: return partner.blockEndLayer(1);
                    default: return 0;
                }
            default:
                return 0;
        }
    }

    /** The artifact's block status a partner's portion leaves (50 = whole network done). */
    private static int partnerStatus(MocaNetwork heavy, MocaNetwork partner) {
        if (partnerEnd(heavy, partner) == partner.layerCount()) return STATUS_PARTNER_DONE;
        return heavy == MocaNetwork.ALEXNET ? 2 : 1;
    }

    // ================= one round =================

    private void runRound(boolean prema) {
        double roundStart = now;
        if (rounds == recordedRoundStart.length) recordedRoundStart = Arrays.copyOf(recordedRoundStart, 2 * rounds);
        recordedRoundStart[rounds++] = roundStart;
        for (int t = 0; t < TILES; t++) logBase[t] = roundStart;
        for (int k = 0; k < SUB_GROUPS; k++) {
            position[k] = 0;
            listDone[k] = false;
            listDoneAt[k] = Double.POSITIVE_INFINITY;
            merged[k] = false;
            if (!spec.coLocation()) Arrays.fill(partnerAt[k], 0, listLength[k], -1);
        }
        Arrays.fill(sliceState, INACTIVE);
        for (int k = 0; k < SUB_GROUPS; k++) startNextSlot(k);
        while (!allListsDone()) step();
        double end = roundStart;
        for (int k = 0; k < SUB_GROUPS; k++) end = Math.max(end, listDoneAt[k]);
        if (prema) {
            for (int t = 0; t < TILES; t++) tileClock[t] += listDoneAt[0] - roundStart;
        } else {
            for (int k = 0; k < SUB_GROUPS; k++) {
                tileClock[2 * k] += listDoneAt[k] - roundStart;
                tileClock[2 * k + 1] += listDoneAt[k] - roundStart;
            }
        }
        now = end;
    }

    private boolean allListsDone() {
        for (int k = 0; k < SUB_GROUPS; k++) if (!listDone[k]) return false;
        return true;
    }

    /** One event: rates for the running slices, advance to the earliest layer end or arrival, handle what happened then. */
    private void step() {
        int m = 0;
        for (int s = 0; s < SLICES; s++) {
            if (sliceState[s] != RUNNING) continue;
            runIndex[m] = s;
            runNetwork[m] = net[sliceRequest[s]];
            runLayer[m] = sliceLayer[s];
            runTiles[m] = sliceTiles[s];
            runCap[m] = sliceCap[s];
            m++;
        }
        memory.progressRates(m, runNetwork, runLayer, runTiles, runCap, runRate);
        double dt = Double.POSITIVE_INFINITY;
        int first = -1;
        for (int i = 0; i < m; i++) {
            double d = sliceRemaining[runIndex[i]] / runRate[i];
            if (d < dt) {
                dt = d;
                first = runIndex[i];
            }
        }
        for (int s = 0; s < SLICES; s++) {
            if (sliceState[s] == WAITING && sliceWaitUntil[s] - now < dt) {
                dt = Math.max(0, sliceWaitUntil[s] - now);
                first = -1;
            }
        }
        if (dt == Double.POSITIVE_INFINITY) throw new IllegalStateException("runtime stalled: nothing running or waiting");
        now += dt;
        events++;
        for (int i = 0; i < m; i++) {
            int s = runIndex[i];
            sliceRemaining[s] = s == first ? 0 : sliceRemaining[s] - runRate[i] * dt;
        }
        for (int s = 0; s < SLICES; s++) {
            if (sliceState[s] == RUNNING && sliceRemaining[s] <= 1e-9) layerEnded(s);
            else if (sliceState[s] == WAITING && sliceWaitUntil[s] <= now) {
                sliceState[s] = RUNNING;
                layerStarted(s);
            }
        }
    }

    // ================= slots =================

    private void startNextSlot(int k) {
        while (position[k] < listLength[k]) {
            int p = position[k]++;
            int r = list[k][p];
            if (fullRound && state[r] == ASSIGNED && anotherListDoneBefore(k)) {
                state[r] = UNASSIGNED;
                continue;
            }
            if (!runnable(r)) continue;
            beginSlot(k, r, partnerAt[k][p]);
            return;
        }
        listDone[k] = true;
        listDoneAt[k] = now;
    }

    private boolean anotherListDoneBefore(int k) {
        for (int o = 0; o < SUB_GROUPS; o++) if (o != k && listDone[o] && listDoneAt[o] < now) return true;
        return false;
    }

    private boolean runnable(int r) {
        if (artifact && spec.resumptionThresholds()) return blockStatus[r] < AS_WRITTEN_THRESHOLD[net[r]];
        return state[r] != DONE;
    }

    /** First layer a slot of {@code r} runs: its next layer, or under the artifact the start of its next 2-tile block. */
    private int firstLayer(int r) {
        if (!artifact || blockStatus[r] == 0) return nextLayer[r];
        return NETWORKS[net[r]].blockEndLayer(blockStatus[r] - 1);
    }

    private void beginSlot(int k, int r, int partner) {
        recordSlot(k, r, partner);
        slotStart[k] = now;
        slotRequest[k] = r;
        slotPartner[k] = partner;
        tileEnd[2 * k] = now;
        tileEnd[2 * k + 1] = now;
        MocaNetwork network = NETWORKS[net[r]];
        int from = firstLayer(r);
        if (spec.planaria()) planariaScore[k] = planariaScore(r);
        if (partner >= 0) {
            int heavyStart = network.blockEndLayer(network.memoryHeavyBlock() - 1);
            slotPartnerEnd[k] = partnerEnd(network, NETWORKS[net[partner]]);
            if (from < heavyStart) {
                slotTwoTilePhase[k] = true;
                startSlice(2 * k, r, from, heavyStart, 2, spec.regulation());
            } else {
                beginColocated(k);
            }
        } else {
            int tiles = spec.dispatcher() == MocaPolicies.Dispatcher.PREMA ? TILES : 2;
            slotTwoTilePhase[k] = false;
            startSlice(2 * k, r, from, network.layerCount(), tiles, spec.regulation());
        }
    }

    /** The heavy's memory-heavy block alone on tile 0 (regulated under MoCA), the partner's portion on tile 1 (never regulated). */
    private void beginColocated(int k) {
        slotTwoTilePhase[k] = false;
        int heavy = slotRequest[k];
        int partner = slotPartner[k];
        MocaNetwork network = NETWORKS[net[heavy]];
        int heavyStart = Math.max(firstLayer(heavy), network.blockEndLayer(network.memoryHeavyBlock() - 1));
        if (!artifact && arrival[partner] > now) {
            // physical: a partner that has not arrived is not waited for; the heavy keeps both tiles
            slotPartner[k] = -1;
            startSlice(2 * k, heavy, heavyStart, network.layerCount(), 2, spec.regulation());
            return;
        }
        int partnerFrom = artifact ? 0 : nextLayer[partner];
        startSlice(2 * k, heavy, heavyStart, network.layerCount(), 1, spec.regulation());
        startSlice(2 * k + 1, partner, partnerFrom, slotPartnerEnd[k], 1, false);
    }

    private void startSlice(int s, int r, int from, int end, int tiles, boolean regulated) {
        sliceRequest[s] = r;
        sliceLayer[s] = from;
        sliceEnd[s] = end;
        sliceTiles[s] = tiles;
        sliceRegulated[s] = regulated;
        if (from >= end) {
            sliceState[s] = RUNNING;
            portionEnded(s);
            return;
        }
        if (!artifact && arrival[r] > now) {
            sliceState[s] = WAITING;
            sliceWaitUntil[s] = arrival[r];
            return;
        }
        sliceState[s] = RUNNING;
        layerStarted(s);
    }

    private void layerStarted(int s) {
        int r = sliceRequest[s];
        int l = sliceLayer[s];
        sliceRemaining[s] = 1;
        if (Double.isNaN(startAt[r])) startAt[r] = now;
        ran[r] = true;
        sliceCap[s] = sliceRegulated[s] ? regulate(s / 2, r, l) : Double.POSITIVE_INFINITY;
    }

    /** MOCA.md §7 steps 1-4 at a layer start of sub-group k's primary slice. */
    private double regulate(int k, int r, int l) {
        int network = net[r];
        if (!work.regulatable(network, l)) {
            publishedU[k] = 0;
            return Double.POSITIVE_INFINITY;
        }
        int u = Regulation.idealUtilisation(work, network, l);
        double clock = artifact ? logBase[2 * k] + (now - slotStart[k]) : now;
        double slack = clock > arrival[r] ? target[r] - (clock - arrival[r]) : target[r];
        int s = Regulation.score(level[r], slack, togo[r], regulationParams);
        publishedU[k] = u;
        publishedScore[k] = s;
        int j = 0;
        for (int o = 0; o < SUB_GROUPS; o++) {
            if (o == k) continue;
            othersU[j] = publishedU[o];
            othersScore[j] = publishedScore[o];
            j++;
        }
        return Regulation.capRowsPerCycle(regulationParams, weightingAsWritten == null ? artifact : weightingAsWritten, splitCut, work, network, l, sliceTiles[2 * k], u, s, j, othersU, othersScore);
    }

    private void layerEnded(int s) {
        int r = sliceRequest[s];
        int l = sliceLayer[s];
        togo[r] -= togoDecrementCycles[net[r]][l];
        layersRun[r]++;
        sliceLayer[s] = l + 1;
        if (nextLayer[r] < l + 1) nextLayer[r] = l + 1;
        int k = s / 2;
        if (spec.planaria() && s % 2 == 0) planariaBoundary(k, r, l + 1);
        if (sliceLayer[s] < sliceEnd[s]) layerStarted(s);
        else portionEnded(s);
    }

    /** A slice ran its last layer: log the request's finish on the slice's tiles, then move the slot on. */
    private void portionEnded(int s) {
        int k = s / 2;
        int r = sliceRequest[s];
        finishAt[r] = now;
        if (s % 2 == 0) {
            logOnTile(k, 0, r);
            if (sliceTiles[s] >= 2) logOnTile(k, 1, r);
        } else {
            logOnTile(k, 1, r);
        }
        if (merged[k]) unmerge(k);
        if (s % 2 == 0 && slotTwoTilePhase[k]) {
            beginColocated(k);
            return;
        }
        sliceState[s] = INACTIVE;
        if (sliceState[2 * k] == INACTIVE && sliceState[2 * k + 1] == INACTIVE) endSlot(k);
    }

    /** The artifact's per-tile log: the tile's clock (round start + its own busy time) minus arrival, 1000 if not after it. */
    private void logOnTile(int k, int tileInGroup, int r) {
        int tile = 2 * k + tileInGroup;
        tileEnd[tile] = now;
        double clock = logBase[tile] + (now - slotStart[k]);
        double logged = clock > arrival[r] ? clock - arrival[r] : LOGGED_IF_NOT_AFTER_ARRIVAL;
        if (tileInGroup == 0) loggedTile0[r] = logged;
        else loggedTile1[r] = logged;
    }

    private void endSlot(int k) {
        int r = slotRequest[k];
        state[r] = DONE;
        blockStatus[r] = STATUS_DONE;
        nextLayer[r] = NETWORKS[net[r]].layerCount();
        int p = slotPartner[k];
        if (p >= 0) {
            MocaNetwork partner = NETWORKS[net[p]];
            nextLayer[p] = Math.max(nextLayer[p], slotPartnerEnd[k]);
            blockStatus[p] = partnerStatus(NETWORKS[net[r]], partner);
            state[p] = nextLayer[p] >= partner.layerCount() ? DONE : PARTIAL;
        }
        publishedU[k] = 0;
        logBase[2 * k] += tileEnd[2 * k] - slotStart[k];
        logBase[2 * k + 1] += tileEnd[2 * k + 1] - slotStart[k];
        startNextSlot(k);
    }

    private void recordSlot(int k, int r, int partner) {
        if (recordedSlots == recordedRequest.length) {
            int capacity = 2 * recordedSlots;
            recordedRound = Arrays.copyOf(recordedRound, capacity);
            recordedSubGroup = Arrays.copyOf(recordedSubGroup, capacity);
            recordedRequest = Arrays.copyOf(recordedRequest, capacity);
            recordedPartner = Arrays.copyOf(recordedPartner, capacity);
        }
        recordedRound[recordedSlots] = rounds - 1;
        recordedSubGroup[recordedSlots] = k;
        recordedRequest[recordedSlots] = r;
        recordedPartner[recordedSlots] = partner;
        recordedSlots++;
    }

    // ================= planaria =================

    private double planariaScore(int r) {
        double elapsed = Math.max(0, now - arrival[r]);
        double slack = Math.max(PLANARIA_SLACK_FLOOR_CYCLES, target[r] - elapsed);
        return level[r] * PLANARIA_SCORE_SCALE / (slack * Math.max(1, Math.ceil(togo[r] / slack)));
    }

    private static int partEnd(MocaNetwork network, int part) {
        return (int) Math.round((double) (part + 1) * network.layerCount() / network.partCount());
    }

    private static boolean isPartBoundary(MocaNetwork network, int layersDone) {
        for (int p = 0; p < network.partCount() - 1; p++) if (partEnd(network, p) == layersDone) return true;
        return false;
    }

    /** At a part boundary: a merged part ends (the sibling continues); ResNet-50/KWS/YOLOv2 may take the sibling's tiles for the next part. */
    private void planariaBoundary(int k, int r, int layersDone) {
        MocaNetwork network = NETWORKS[net[r]];
        if (!isPartBoundary(network, layersDone) || layersDone >= sliceEnd[2 * k]) return;
        if (merged[k]) unmerge(k);
        if (network != MocaNetwork.RESNET50 && network != MocaNetwork.KWSNET && network != MocaNetwork.YOLOV2) return;
        int sibling = k ^ 1;
        int victim = 2 * sibling;
        if (sliceState[victim] != RUNNING || merged[sibling] || planariaScore[k] < planariaScore[sibling]) return;
        int v = sliceRequest[victim];
        int l = sliceLayer[victim];
        double loads = work.loadRowsPerTile(net[v], l, sliceTiles[victim]);
        double done = 1 - Math.min(1, sliceRemaining[victim]);
        if (loads > 0) sliceRemaining[victim] += 2 * Math.min(done, MocaWork.SCRATCHPAD_ROWS / loads);
        sliceState[victim] = SUSPENDED;
        preemptions++;
        merged[k] = true;
        sliceTiles[2 * k] = 4;
    }

    private void unmerge(int k) {
        merged[k] = false;
        sliceTiles[2 * k] = 2;
        int victim = 2 * (k ^ 1);
        if (sliceState[victim] == SUSPENDED) sliceState[victim] = RUNNING;
    }

    // ================= helpers =================

    private static long min(long[] values) {
        long m = values[0];
        for (long v : values) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] values) {
        double m = values[0];
        for (double v : values) m = Math.max(m, v);
        return m;
    }

    /** Planaria's sibling terminations in the last run. */
    public int preemptions() { return preemptions; }

    /** Kernel events of the last run. */
    public long events() { return events; }

    // ---- views for tests of the dispatcher and grouping ----
    int listLength(int k) { return listLength[k]; }
    int listEntry(int k, int i) { return list[k][i]; }
    int partnerAt(int k, int i) { return partnerAt[k][i]; }
    long predictedFree(int k) { return predictedFree[k]; }
    boolean fullRound() { return fullRound; }

    /** Prepares dispatcher state for {@code trace} under {@code policyName} without running (tests drive the dispatcher directly). */
    void prepare(String policyName, double[] params, MocaTrace trace, boolean artifactRuntime) {
        configure(MocaPolicies.spec(policyName), params, artifactRuntime);
        load(trace);
    }

    /** Replaces sub-group k's list (tests of grouping and of the release rule). */
    void setList(int k, int... requests) {
        listLength[k] = requests.length;
        for (int i = 0; i < requests.length; i++) {
            list[k][i] = requests[i];
            state[requests[i]] = ASSIGNED;
            partnerAt[k][i] = -1;
        }
    }

    /** Runs one round from the lists as set (tests), full or not. */
    void runPreparedRound(boolean full) {
        fullRound = full;
        if (spec.coLocation()) group();
        runRound(false);
    }

    /** Marks request r as already dispatched (tests). */
    void markAssigned(int r) { state[r] = ASSIGNED; }
    boolean isUnassigned(int r) { return state[r] == UNASSIGNED; }
    double startOf(int r) { return startAt[r]; }
    double finishOf(int r) { return finishAt[r]; }
    int nextLayerOf(int r) { return nextLayer[r]; }
    int layersRunOf(int r) { return layersRun[r]; }
}
