#!/usr/bin/env python3
"""Derivation of MocaWork.Calibration.DERIVED_CONCURRENT_DRAM_EFFICIENCY (see docs/moca.md).
Run: python3 docs/moca-dram-efficiency.py (about a minute).

Saturated read throughput of one DDR3 channel (FireSim FR-FCFS config of MoCA's SoC) under N
sequential 64-B read streams: open page, transaction queue 8 (= scheduler window), 8 banks x 4 ranks,
address map bank bits 13-15, rank 16-17, row 18+; channels interleaved per 64-B line (so a channel sees
every other line of each stream). Timings in cycles at 1 GHz. Closed system: every stream always has a
request waiting, and the queue admits them in issue order (round robin over streams)."""
import random, sys
tCAS, tRCD, tRP, tRAS, tRC, tCCD, tRRD, tFAW, tRTRS, tRTP = 14, 14, 14, 33, 47, 4, 8, 25, 2, 8
BURST = 4  # 64 B over a 64-bit DDR bus: 8 beats = 4 cycles
def run(nstreams, nreq=40000, seed=1, line_interleave=True, rtrs=None):
    rnd = random.Random(seed)
    step = 128 if line_interleave else 64   # this channel's lines of a stream
    addr = [rnd.randrange(0, 1 << 32) & ~63 for _ in range(nstreams)]
    pending = []  # round-robin issue order
    nxt = 0
    def issue():
        nonlocal nxt
        s = nxt % nstreams; nxt += 1
        a = addr[s]; addr[s] += step
        pending.append((a, s))
    for _ in range(8 + nstreams): issue()
    queue = [pending.pop(0) for _ in range(8)]
    open_row = {}; bank_act = {}; bank_cas_ready = {}; bank_pre_ready = {}
    rank_acts = {r: [] for r in range(4)}
    bus_free = 0; last_rank = None; now = 0; done = 0; first = None
    while done < nreq:
        # FR-FCFS: oldest row hit, else oldest
        pick = None
        for i, (a, s) in enumerate(queue):
            b = ((a >> 16) & 3, (a >> 13) & 7)
            if open_row.get(b) == a >> 18: pick = i; break
        if pick is None: pick = 0
        a, s = queue.pop(pick)
        rank, bank, row = (a >> 16) & 3, (a >> 13) & 7, a >> 18
        b = (rank, bank)
        t = now
        if open_row.get(b) != row:
            if b in open_row:  # precharge the open row
                t = max(t, bank_pre_ready.get(b, 0)); t += tRP
            acts = rank_acts[rank]
            t = max(t, bank_act.get(b, -10**9) + tRC)
            if acts: t = max(t, acts[-1] + tRRD)
            if len(acts) >= 4: t = max(t, acts[-4] + tFAW)
            acts.append(t); del acts[:-4]
            bank_act[b] = t; open_row[b] = row
            bank_pre_ready[b] = t + tRAS
            t += tRCD
        t = max(t, bank_cas_ready.get(b, 0))
        data = t + tCAS
        gap = (tRTRS if rtrs is None else rtrs) if (last_rank is not None and rank != last_rank) else 0
        data = max(data, bus_free + gap)
        cas = data - tCAS
        bank_cas_ready[b] = cas + tCCD
        bank_pre_ready[b] = max(bank_pre_ready[b], cas + tRTP)
        bus_free = data + BURST; last_rank = rank
        # later requests may prepare their banks (precharge, activate) while this one waits for the bus
        now = max(now, cas - tCAS - tRCD - tRP)
        done += 1
        if first is None and done == 1000: first = bus_free
        issue(); queue.append(pending.pop(0))
    return (nreq - 1000) / (bus_free - first)  # bursts per cycle after warm-up
peak = 1 / BURST
for n in [1, 2, 4, 8, 16]:
    effs = [run(n, seed=s) / peak for s in range(1, 6)]
    print(n, 'streams: sustained / peak = %.3f (min %.3f max %.3f over 5 random placements)' % (sum(effs) / 5, min(effs), max(effs)))
print('without the rank-switch gap (tRTRS = 0):')
for n in [2, 4, 8]:
    effs = [run(n, seed=s, rtrs=0) / peak for s in range(1, 6)]
    print(n, 'streams: %.3f' % (sum(effs) / 5))
print('channels interleaved by 2 lines... per-line contiguous (step 64):')
for n in [2, 4, 8]:
    effs = [run(n, seed=s, line_interleave=False) / peak for s in range(1, 6)]
    print(n, 'streams: %.3f' % (sum(effs) / 5))
