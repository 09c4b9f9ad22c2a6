# Writes the synthetic latency directory used for the figures in docs/optimal.md:
#   python3 docs/synthetic-latency-dir.py OUT_DIR
import argparse, os, random

parser = argparse.ArgumentParser(
    description='Write three synthetic CNN-like latency tables (EyerissV2 CSV layout: resnet50_dense, '
                'mobilenet_sparse, vgg16_sparse; 20 samples each; fixed seed, so the output is always the same) '
                'into OUT_DIR, for --latency-dir.')
parser.add_argument('out_dir', metavar='OUT_DIR', help='folder to write the CSVs into (created if missing)')
out = parser.parse_args().out_dir
os.makedirs(out, exist_ok=True)
random.seed(7)
models = {'resnet50_dense': (53, 0.30), 'mobilenet_sparse': (28, 0.12), 'vgg16_sparse': (16, 0.40)}
for name, (layers, e2e) in models.items():
    with open(os.path.join(out, name + '.csv'), 'w') as f:
        f.write('batch-indx,layer-indx,overall-sparsity,sim_lat\n')
        base = [random.uniform(0.5, 1.5) for _ in range(layers)]
        s = sum(base)
        for b in range(20):
            for l in range(layers):
                sp = random.uniform(0.2, 0.8)
                f.write(f'{b},{l},{sp:.4f},{e2e * base[l] / s * (1 - sp) / 0.5:.6f}\n')
