#!/usr/bin/env bash
# Does a tuned score travel? Tunes dysta-family on each Sparse-DySta scenario (GA, 320 evaluations,
# seeds 1 and 2), then runs every tuned vector, the published schedulers and the offline optimum on
# held-out traces (generator seeds 101-108, never drawn by the tuner) of every scenario, through
# experiment specs, and prints the trained-on x tested-on matrix (docs/tuning.md).
# Usage: bash docs/dysta-family-generalisation.sh [OUT]   (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/generalisation}"
scenarios="dysta-mobile-vision dysta-arvr-hand-tracking dysta-datacentre-assistant"
baselines="dysta planaria sjf edf"
mkdir -p "$out/specs"
for s in $scenarios; do
  for seed in 1 2; do
    [ -f "$out/tuned/$s-s$seed/best.json" ] && continue
    ./cotenant tune --policy dysta-family --scenario "$s" --requests 200 --train-traces 8 --validation-traces 16 \
      --objective violation_rate --population 16 --generations 200 --max-evaluations 320 --threads 2 --search ga \
      --seed "$seed" --out "$out/tuned/$s-s$seed" > "$out/tuned-$s-s$seed.log" 2>&1
  done
done
for t in $scenarios; do
  spec="$out/specs/$t.yaml"
  {
    echo "name: generalisation-$t"
    echo "title: \"dysta-family tuned on each scenario, tested on $t\""
    echo "paper: \"none (Cotenant's own question)\""
    echo "description: held-out seeds 101-108"
    echo "workload: {scenario: $t, requests: 200}"
    echo "policies:"
    for b in $baselines; do echo "  - $b"; done
    for s in $scenarios; do for seed in 1 2; do
      echo "  - {best_json: ../tuned/$s-s$seed/best.json, label: tuned-on-$s-s$seed}"
    done; done
    echo "  - {optimum: {time_limit_s: 20, moves_per_request: 300}, label: optimal}"
    echo "sweep: {seeds: [101, 102, 103, 104, 105, 106, 107, 108]}"
    echo "metrics: [violation_rate, priority_weighted_violation_rate, antt]"
  } > "$spec"
  ./cotenant experiment run --spec "$spec" --out "$out/test-on-$t" > "$out/test-on-$t.log" 2>&1
done
python3 docs/dysta-family-generalisation.py "$out"
