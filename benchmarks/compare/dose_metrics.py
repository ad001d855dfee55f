"""The dose benchmark phantom and its numpy/scipy peer (see benchmarks/compare/dose_metrics.sh).

  dose_metrics.py write DIR   writes the phantom of benchmarks/dose_metrics.cpp as raw files:
                              dose.f32 (float32) and gtv/ptv/brain/body/brainstem.u8, x fastest
  dose_metrics.py time DIR    loads them and times the numpy equivalent of nomo's summarize_plan
                              + brainstem statistics (CPU seconds, median of 5), printing
                              "numpy <seconds>" and "metric <name> <value>" lines

Phantom: 256 x 256 x 200 voxels of 0.9 x 0.9 x 1 mm centred on the origin; GTV = ball r 8 mm at
(25, 10, 6); PTV = scipy EDT(~GTV, sampling) <= 2 mm (centre rule); brain, body = ellipsoids;
brainstem = cylinder; dose = SRT-like sigmoid fall-off + low bath (float32). Rx 52.5 Gy / 15 fx.
"""
import math
import statistics
import sys
import time

import numpy as np
from scipy import ndimage

SIZE = (256, 256, 200)
SPACING = (0.9, 0.9, 1.0)
TARGET = (25.0, 10.0, 6.0)
RX, FRACTIONS, AB_BRAIN = 52.5, 15, 2.0
NAMES = ("gtv", "ptv", "brain", "body", "brainstem")


def coordinates():
    axes = [(-(SIZE[a] - 1) / 2 * SPACING[a]) + SPACING[a] * np.arange(SIZE[a]) for a in range(3)]
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")  # arrays [z, y, x]: x fastest
    return x, y, z


def write(folder):
    x, y, z = coordinates()
    tx, ty, tz = TARGET
    r2 = (x - tx) * (x - tx) + (y - ty) * (y - ty) + (z - tz) * (z - tz)
    dose = 58.0 / (1.0 + np.exp((np.sqrt(r2) - 12.42) / 1.781)) + 2.0 * np.exp(-(x * x + y * y + z * z) / (2 * 60.0 * 60.0))
    gtv = r2 <= 8.0 * 8.0
    ptv = ndimage.distance_transform_edt(~gtv, sampling=(SPACING[2], SPACING[1], SPACING[0])) <= 2.0
    brain = x * x / (70.0 * 70.0) + y * y / (85.0 * 85.0) + z * z / (60.0 * 60.0) <= 1.0
    body = x * x / (80.0 * 80.0) + y * y / (100.0 * 100.0) + z * z / (90.0 * 90.0) <= 1.0
    stem = (np.sqrt(x * x + (y + 15) * (y + 15)) <= 12.0) & (z > -55.0) & (z < -20.0)
    dose.astype(np.float32).tofile(f"{folder}/dose.f32")
    for name, m in zip(NAMES, (gtv, ptv, brain, body, stem)):
        m.astype(np.uint8).tofile(f"{folder}/{name}.u8")


def load(folder):
    shape = SIZE[::-1]
    dose = np.fromfile(f"{folder}/dose.f32", dtype=np.float32).reshape(shape)
    masks = {n: np.fromfile(f"{folder}/{n}.u8", dtype=np.uint8).reshape(shape).astype(bool) for n in NAMES}
    return dose, masks


def nearest_rank(sorted_desc, percent):
    n = sorted_desc.size
    k = max(math.ceil(percent / 100.0 * n - 1e-9 * n), 1)
    return float(sorted_desc[k - 1])


def metrics(dose, m):
    """numpy equivalent of nomo::dose::summarize_plan(GTV target, body) + dose_statistics(brainstem)."""
    vox = SPACING[0] * SPACING[1] * SPACING[2] / 1000.0
    g = np.sort(dose[m["gtv"]].astype(np.float64))[::-1]
    tv = g.size * vox
    tv_pv = np.count_nonzero(g >= RX) * vox
    body_dose = dose[m["body"]]
    pv = np.count_nonzero(body_dose >= RX) * vox
    pv50 = np.count_nonzero(body_dose >= RX / 2) * vox
    faces = [dose[0], dose[-1], dose[:, 0], dose[:, -1], dose[:, :, 0], dose[:, :, -1]]
    body_faces = [m["body"][0], m["body"][-1], m["body"][:, 0], m["body"][:, -1], m["body"][:, :, 0], m["body"][:, :, -1]]
    if any(np.any((f >= RX / 2) & b) for f, b in zip(faces, body_faces)):
        raise RuntimeError("50 % isodose reaches the grid edge")
    d2, d50, d98 = (nearest_rank(g, p) for p in (2, 50, 98))
    ring = dose[m["ptv"] & ~m["gtv"]].astype(np.float64)
    normal = dose[m["brain"] & ~m["ptv"]].astype(np.float64)
    stem = np.sort(dose[m["brainstem"]].astype(np.float64))[::-1]
    return {
        "tc": tv_pv / tv, "pitv": pv / tv, "ci": tv_pv * tv_pv / (tv * pv), "hi": (d2 - d98) / d50, "gi": pv50 / pv,
        "ddz_mean": ring.mean(), "ddz_v95": 100.0 * np.count_nonzero(ring >= 0.95 * RX) / ring.size,
        "brain_mean": normal.mean(), "brain_mean_bed": (normal * (1 + normal / (FRACTIONS * AB_BRAIN))).mean(),
        "brain_v30_cc": np.count_nonzero(normal >= 30.0) * vox, "stem_max": stem[0], "stem_mean": stem.mean(),
        "gtv_mean": g.mean(), "gtv_volume": tv, "ptv_volume": np.count_nonzero(m["ptv"]) * vox,
        "brain_volume": np.count_nonzero(m["brain"]) * vox,
    }


def time_peer(folder):
    dose, masks = load(folder)
    times = []
    for _ in range(5):
        t0 = time.process_time()
        result = metrics(dose, masks)
        times.append(time.process_time() - t0)
    print("numpy %.9g" % statistics.median(times))
    # The margin as a scipy user writes it: the exact EDT of the whole grid, thresholded (one run:
    # it takes seconds).
    sampling = (SPACING[2], SPACING[1], SPACING[0])
    t0 = time.process_time()
    ptv = ndimage.distance_transform_edt(~masks["gtv"], sampling=sampling) <= 2.0
    print("scipy_margin %.9g" % (time.process_time() - t0))
    print("metric ptv_voxels %d" % np.count_nonzero(ptv))
    for name, value in result.items():
        print("metric %s %.12g" % (name, value))


if __name__ == "__main__":
    {"write": write, "time": time_peer}[sys.argv[1]](sys.argv[2])
