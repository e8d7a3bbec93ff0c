#!/usr/bin/env python3
"""The six symmetry features through OpenCV-Python, timed per mask, for comparison with ganfilter.

    pip install opencv-python-headless numpy
    swift run -c release MaskFeaturesBenchmark --keep      # prints the folder it wrote
    python3 Benchmarks/opencv_features.py FOLDER [--repetitions 5]

cv2.imread + threshold + split/mirror + cv2.dilate + NumPy counts, one process, one thread
(cv2.setNumThreads(1)), median of the repetitions.
"""
import glob
import statistics
import sys
import time

import cv2
import numpy as np


def measures(left, right):
    l, r = int(np.count_nonzero(left)), int(np.count_nonzero(right))
    if l == 0 or r == 0:
        return (0.0, 0.0, 0.25)
    inter = int(np.count_nonzero(left & right))
    return (inter / (l + r - inter), inter / np.sqrt(float(l) * r), (l / (l + r) - 0.5) ** 2)


def features(path, kernel, threshold=128):
    grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    mask = (grey >= threshold).astype(np.uint8)
    h = mask.shape[1] // 2
    left = np.ascontiguousarray(mask[:, :h])
    right = np.ascontiguousarray(mask[:, mask.shape[1] - h:][:, ::-1])
    if not left.any() and not right.any():
        return None
    return measures(left, right) + measures(cv2.dilate(left, kernel), cv2.dilate(right, kernel))


def main():
    folder = sys.argv[1]
    repetitions = int(sys.argv[sys.argv.index("--repetitions") + 1]) if "--repetitions" in sys.argv else 5
    cv2.setNumThreads(1)
    files = sorted(glob.glob(folder + "/*.png"))
    kernel = np.ones((11, 11), np.uint8)
    rates = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for path in files:
            features(path, kernel)
        rates.append(len(files) / (time.perf_counter() - start))
    decode = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for path in files:
            cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        decode.append(len(files) / (time.perf_counter() - start))
    rate = statistics.median(rates)
    print(f"{len(files)} masks, median of {repetitions} runs, 1 thread")
    print(f"OpenCV-Python six features:   {rate:9.0f} masks/s  {1e6 / rate:7.1f} us/mask")
    print(f"OpenCV cv2.imread alone:      {statistics.median(decode):9.0f} masks/s  {1e6 / statistics.median(decode):7.1f} us/mask")


if __name__ == "__main__":
    main()
