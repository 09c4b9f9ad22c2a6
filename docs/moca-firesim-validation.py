#!/usr/bin/env python3
"""Held-out check of the MoCA model against FireSim's logged runs of the same traces (docs/moca.md).

The FireSim logs are MoCA's public artifact result logs (repository ucb-bar/gemmini-rocc-tests, branch
MOCA, moca-ae-result/EXAMPLE_RESULT/gemmini-tests-workload-workload_{a,b,c}/uartlog); they are not part
of this repository. Nothing here is fitted to them.

Usage: python3 docs/moca-firesim-validation.py UARTLOG_A UARTLOG_B UARTLOG_C MODEL_DIR [LOADED_DIR]
  MODEL_DIR   output of `./cotenant moca --out MODEL_DIR` (physical runtime, artifact spacing)
  LOADED_DIR  optional output of `./cotenant moca --out LOADED_DIR --policies static-partition,... --loads L`
Prints, per set: SLA of the static baseline and of MoCA per QoS (FireSim vs model), mean latency, and
each network's mean run time over its 2-tile isolated time (FireSim: the runtime's per-request thread
runtime; model: finish - start under static-partition).
"""
import collections
import csv
import re
import statistics as st
import sys

NAMES = ['resnet50', 'alexnet', 'googlenet', 'squeezenet', 'kwsnet', 'yolov2', 'yololite']
# MoCA's configured 2-tile sp_cycles with the KWS / YOLOv2 swap undone (docs/moca-model.md)
SP2 = [15070506, 8382324, 7070440, 2608024, 5132036, 9058914, 1678161]


def parse(path, set_letter):
    """{(policy, qos): {queue id: fields}} from one uartlog."""
    runs = collections.defaultdict(lambda: collections.defaultdict(dict))
    busy = collections.defaultdict(list)
    key = None
    fields = {'workload type': 'type', 'dispatch to finish time': 'latency', 'priority': 'priority',
              'target': 'target', 'thread runtime': 'thread'}
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n')
            m = re.search(r'Test priority_mp8_(static|dynamic)[abc]?_([hml])\b', line)
            if m:
                key = (m.group(1), m.group(2))
                continue
            m = re.match(r'gemmini core id (\d+) runtime: (\d+)$', line)
            if m and key:
                busy[key].append(int(m.group(2)))
                continue
            m = re.match(r'queue id (\d+) ([a-z ]+): (\d+)$', line)
            if m and key and m.group(2) in fields:
                runs[key][int(m.group(1))][fields[m.group(2)]] = int(m.group(3))
    return runs, busy


def model(path):
    out = collections.defaultdict(list)
    for r in csv.DictReader(open(path + '/requests.csv')):
        out[(r['scheduler'], r['workload'])].append(r)
    return out


def sla(requests):
    return sum(1 for r in requests if r['target'] > r['latency']) / len(requests)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    logs, mdir = sys.argv[1:4], sys.argv[4]
    loaded = model(sys.argv[5]) if len(sys.argv) > 5 else None
    m = model(mdir)
    for s, path in zip('abc', logs):
        runs, busy = parse(path, s)
        print(f'set {s.upper()}')
        for key in sorted(busy):
            work = sum(SP2[r['type'] - 1] for r in runs[key].values()) / 4
            print(f'  {key[0]} QoS {key[1]}: mean busy time per core / isolated work per sub-group '
                  f'{st.mean(busy[key]) / work:.2f}')
        for q in 'hml':
            fs = list(runs[('static', q)].values())
            fm = list(runs[('dynamic', q)].values())
            ms = m[('static-partition', f'moca-{s}-{q}')]
            mm = m[('moca', f'moca-{s}-{q}')]
            msla = lambda rows: sum(r['met'] == 'true' for r in rows) / len(rows)
            line = (f'  QoS {q}: SLA static FireSim {sla(fs):.3f} model {msla(ms):.3f}; '
                    f'MoCA FireSim {sla(fm):.3f} model {msla(mm):.3f}')
            if loaded:
                for (pol, w), rows in sorted(loaded.items()):
                    if pol == 'static-partition' and w.startswith(f'moca-{s}-{q}@'):
                        line += f'; model static at load {w.split("@")[1]} {msla(rows):.3f}'
            print(line)
        fs = list(runs[('static', 'm')].values())
        ms = m[('static-partition', f'moca-{s}-m')]
        print(f'  static mean latency (QoS m): FireSim {st.mean(r["latency"] for r in fs) / 1e6:.1f} M cycles, '
              f'model {st.mean(float(r["logged_latency_s"]) for r in ms) * 1e3:.1f} M')
        if loaded:
            for (pol, w), rows in sorted(loaded.items()):
                if pol == 'static-partition' and w.startswith(f'moca-{s}-m@'):
                    print(f'    model at load {w.split("@")[1]}: {st.mean(float(r["logged_latency_s"]) for r in rows) * 1e3:.1f} M')
        fire = collections.defaultdict(list)
        for r in fs:
            fire[r['type'] - 1].append(r['thread'] / SP2[r['type'] - 1])
        mod = collections.defaultdict(list)
        for r in ms:
            n = NAMES.index(r['model'])
            mod[n].append((float(r['finish_s']) - float(r['start_s'])) * 1e9 / SP2[n])
        print('  static run time / 2-tile isolated, FireSim vs model: ' + ', '.join(
            f'{NAMES[n]} {st.mean(fire[n]):.2f} vs {st.mean(mod[n]):.2f}' for n in sorted(fire)))


if __name__ == '__main__':
    main()
