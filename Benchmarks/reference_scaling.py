"""Reference sets that scale: `features --set all --reference` and `filter --reference` on the same generated
masks against a small and a large reference, whole processes, caches warm for both, medians of interleaved
rounds; then the large reference's first run (masks decoded, table of nearest masks built) with a cold cache.

    swift build -c release
    python3 Benchmarks/make_reference_set.py --source masks/lung256 --source SHENZHEN256 --count 10000 --output /tmp/ref10k
    python3 Benchmarks/reference_scaling.py --generated GEN2000 --small REF300 --large /tmp/ref10k

Prints each ratio with its goal (at most 3x the small reference's time; the cold build under a minute).
Caches go to a temporary folder (--cache), never the user's.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def run(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", required=True, help="folder of generated masks")
    parser.add_argument("--small", required=True, help="the small reference (e.g. 300 real masks)")
    parser.add_argument("--large", required=True, help="the large reference (e.g. 10,000 masks)")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--binary", default=".build/release/ganfilter")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="ganfilter-reference-scaling-")
    cache = os.path.join(work, "cache")
    try:
        def features(reference):
            return [args.binary, "features", args.generated, "--set", "all", "--reference", reference, "--cache", cache,
                    "--jobs", str(args.jobs), "--output", os.path.join(work, "features.csv")]

        def filtered(reference):
            return [args.binary, "filter", args.generated, "--reference", reference, "--cache", cache,
                    "--jobs", str(args.jobs), "--output", os.path.join(work, "decisions.csv")]

        one = os.path.join(work, "one")
        os.makedirs(one)
        first = sorted(f for f in os.listdir(args.generated) if f.lower().endswith(".png"))[0]
        shutil.copy(os.path.join(args.generated, first), one)
        cold = run([args.binary, "features", one, "--set", "all", "--reference", args.large, "--cache", cache,
                    "--jobs", str(args.jobs), "--output", os.path.join(work, "one.csv")])
        warm = run([args.binary, "features", one, "--set", "all", "--reference", args.large, "--cache", cache,
                    "--jobs", str(args.jobs), "--output", os.path.join(work, "one.csv")])
        for command in (features, filtered):
            run(command(args.small))
            run(command(args.large))
        times = {(name, size): [] for name in ("features", "filter") for size in ("small", "large")}
        for _ in range(args.repetitions):
            for name, command in (("features", features), ("filter", filtered)):
                for size, reference in (("small", args.small), ("large", args.large)):
                    times[(name, size)].append(run(command(reference)))
        count = lambda folder: sum(1 for f in os.listdir(folder) if f.lower().endswith(".png"))
        print(f"{count(args.generated)} generated masks; references of {count(args.small)} and {count(args.large)} masks; "
              f"--jobs {args.jobs}; medians of {args.repetitions} whole processes, caches warm")
        for name in ("features", "filter"):
            small, large = statistics.median(times[(name, "small")]), statistics.median(times[(name, "large")])
            spread = lambda values: f"{min(values):.2f}-{max(values):.2f}"
            ratio = large / small
            print(f"{name:8s} small {small:6.2f} s ({spread(times[(name, 'small')])})   large {large:6.2f} s "
                  f"({spread(times[(name, 'large')])})   large/small {ratio:.2f}x  (goal <= 3x){'' if ratio <= 3 else '   NOT MET'}")
        print(f"large reference, cold cache (masks decoded, table of nearest masks built): {cold:.1f} s  (goal < 60 s)"
              f"{'' if cold < 60 else '   NOT MET'}; warm: {warm:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
