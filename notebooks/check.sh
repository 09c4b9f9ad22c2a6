#!/usr/bin/env bash
# Runs every notebook headless against quick runs of the built-in experiments it reads, so the
# notebooks cannot rot (small variants: --quick, or a shrunk spec for the offline optimum). Not part of `./mvnw verify` (that needs no Python). Needs, on Debian:
#   apt-get install jupyter-nbconvert python3-pandas python3-matplotlib python3-ipykernel
# Exit status: 0 when every notebook executed without error.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jupyter="${JUPYTER:-jupyter}"
command -v "$jupyter" >/dev/null || { echo "check.sh: '$jupyter' not found; install jupyter-nbconvert (see notebooks/README.md)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for experiment in dysta-tradeoff-cnn dysta-tradeoff-attention dysta-breakdown-cnn dysta-breakdown-attention \
                  dysta-slo-stress-cnn dysta-slo-stress-attention dysta-rate-stress-cnn dysta-rate-stress-attention; do
  "$root/cotenant" experiment run "$experiment" --quick --no-progress --out "$work/results/$experiment" > "$work/$experiment.log"
done
# 05_moca.ipynb: every MoCA policy on the artifact's nine traces (seconds).
"$root/cotenant" moca --no-progress --out "$work/results/moca" > "$work/moca.log"
# 06_optimum.ipynb: heuristics-vs-optimum with its spec overridden to 80 requests per trace and two seeds (every load
# and SLO multiplier kept), so the optimiser's 12 points take seconds instead of the full run's minute.
"$root/cotenant" experiment show heuristics-vs-optimum \
  | sed -e 's/^  requests: [0-9]*$/  requests: 80/' -e 's/^  seeds: .*$/  seeds: [1, 2]/' > "$work/heuristics-vs-optimum.yaml"
grep -q '^  requests: 80$' "$work/heuristics-vs-optimum.yaml" || { echo "check.sh: could not shrink heuristics-vs-optimum's spec" >&2; exit 1; }
"$root/cotenant" experiment run --spec "$work/heuristics-vs-optimum.yaml" --no-progress --out "$work/results/heuristics-vs-optimum" \
  > "$work/heuristics-vs-optimum.log"
export COTENANT_RESULTS="$work/results" MPLBACKEND=Agg
status=0
for notebook in "$root"/notebooks/*.ipynb; do
  if "$jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
       --output-dir "$work/executed" "$notebook" > "$work/nbconvert.log" 2>&1; then
    echo "ok      $(basename "$notebook")"
  else
    echo "FAILED  $(basename "$notebook")"; tail -30 "$work/nbconvert.log"; status=1
  fi
done
exit $status
