#!/usr/bin/env python3
"""Write the benchmark workloads W1-W6 of shared/benchmarks/WORKLOADS.md as CSV files.

Same generator as benchmarks/workloads.hpp (splitmix64 in counter form), so the R and Python peers
time exactly the data nomo's Google Benchmark programs use. Usage: workloads.py OUTDIR [W1 W2 ...]
"""
import math
import os
import sys

import numpy as np

GAMMA = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def draws(stream, count):
    """Draws 0..count-1 of stream S, vectorised with uint64 wrap-around arithmetic."""
    k = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(stream) + k * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def uniform(stream, n):
    return (draws(stream, n) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def normal12(stream, n):
    u = uniform(stream, 12 * n).reshape(n, 12)
    s = np.zeros(n)
    for j in range(12):  # left to right, as specified
        s = s + u[:, j]
    return s - 6.0


def expit(e):
    return 1.0 / (1.0 + np.exp(-e))


def rnd(x, s):
    return np.floor(x * s + 0.5) / s


def w1(n=123):
    age = rnd(60 + 10 * normal12(1001, n), 10)
    marker = rnd(normal12(1002, n), 100)
    sex = (uniform(1003, n) < 0.5).astype(float)
    diab = (uniform(1004, n) < 0.3).astype(float)
    u = uniform(1005, n)
    grp = np.where(u < 0.5, "A", np.where(u < 0.8, "B", "C"))
    eta = -1.15 + 0.04 * (age - 60)
    eta = eta + 0.8 * marker
    eta = eta + 0.5 * sex
    eta = eta + 0.7 * diab
    eta = eta + 0.4 * (grp == "B")
    eta = eta + 0.9 * (grp == "C")
    y = (uniform(1006, n) < expit(eta)).astype(int)
    return {"y": y, "age": age, "marker": marker, "sex": sex.astype(int), "diab": diab.astype(int), "grp": grp}


def w2(n=1000000):
    cols = {}
    eta = np.full(n, -1.0)
    for j in range(1, 21):
        x = normal12(2000 + j, n)
        cols[f"x{j}"] = x
        eta = eta + 0.1 * ((j % 7) - 3) * x
    y = (uniform(2100, n) < expit(eta)).astype(int)
    return {"y": y, **cols}


def w4(n=1000000):
    return {"x": normal12(2001, n)}


def w5(n=100000):
    label = (uniform(5001, n) < 0.3).astype(float)
    score = rnd(label + normal12(5002, n), 1e6)
    return {"label": label.astype(int), "score": score}


def w6(n=100000):
    group = (uniform(6001, n) < 0.5).astype(int)
    lam = np.where(group == 1, 1.3 / 1000, 1 / 1000)
    t = -np.log(1 - uniform(6002, n)) / lam
    c = 3650 * uniform(6003, n)
    status = (t <= c).astype(int)
    time = np.maximum(1, np.ceil(np.minimum(t, c)))
    return {"time": time, "status": status, "group": group}


def write_csv(path, columns):
    names = list(columns)
    n = len(columns[names[0]])
    with open(path, "w") as out:
        out.write(",".join(names) + "\n")
        text = []
        for name in names:
            col = columns[name]
            if col.dtype.kind == "f":
                text.append([repr(float(v)) for v in col])
            else:
                text.append([str(v) for v in col])
        for i in range(n):
            out.write(",".join(t[i] for t in text) + "\n")


GENERATORS = {"W1": w1, "W2": w2, "W4": w4, "W5": w5, "W6": w6}

if __name__ == "__main__":
    outdir = sys.argv[1]
    wanted = sys.argv[2:] or list(GENERATORS)
    os.makedirs(outdir, exist_ok=True)
    for name in wanted:
        write_csv(os.path.join(outdir, name.lower() + ".csv"), GENERATORS[name]())
