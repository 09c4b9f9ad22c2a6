#!/usr/bin/env bash
# Runs every notebook headless against quick runs of the built-in experiments it reads, so the
# notebooks cannot rot. Not part of `./mvnw verify` (that needs no Python). Needs, on Debian:
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
