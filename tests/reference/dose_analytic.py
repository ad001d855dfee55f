"""Closed-form DVH and plan-quality values for tests/dose (dose-spec §4), and scipy margin counts.

Run from the repository root with Debian's Python (numpy + scipy):
    /usr/bin/python3 tests/reference/dose_analytic.py
It imports analytic.py of the dose spec (NOMO_DOSE_SPEC_DIR, default ../shared/reference beside the repository) and
writes
  * tests/reference/dose_analytic.csv        name,value: closed forms (cases 1-5, BED/EQD2)
  * tests/reference/dose_margin_scipy.csv    voxel counts of a ball R = 10 dilated with
    scipy.ndimage.distance_transform_edt(sampling=h) <= threshold on the lattices used by the tests.
Nothing here comes from nomo.
"""
import csv
import math
import os
import sys

import numpy as np
from scipy import ndimage

SPEC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "reference")
sys.path.insert(0, os.environ.get("NOMO_DOSE_SPEC_DIR", SPEC_DIR))
from analytic import (Cone, GaussShell, OffsetConformity, Planar, bed, eqd2, hi_icru83,  # noqa: E402
                      margin_volume, sphere_vol)

OUT = os.path.join("tests", "reference")
rows = []


def put(name, value):
    rows.append((name, float(value)))


# Case 1: cone, R = 10, D0 = 30, g = 0.5
c = Cone(R=10.0, D0=30.0, g=0.5)
put("cone_volume_cc", c.volume / 1000)
put("cone_dmean", c.dmean)
put("cone_dmax", c.dmax)
put("cone_dmin", c.dmin)
for p in (2, 50, 98):
    put("cone_d%d" % p, c.Dpct(p))
put("cone_d1cc", c.Dcc(1.0))
put("cone_v28_percent", 100 * c.V(28.0) / c.volume)
put("cone_v26_cc", c.V(26.0) / 1000)
put("cone_hi", hi_icru83(c.Dpct(2), c.Dpct(98), c.Dpct(50)))

# Case 2: Gaussian, 80 % isodose (27 Gy) at r = 12; GTV 0-10, PTV 0-12, ring 10-12, brain-PTV 12-30
s = 12.0 / math.sqrt(2 * math.log(1 / 0.8))
put("gauss_sigma", s)
for name, r1, r2 in (("gtv", 0, 10), ("ptv", 0, 12), ("ring", 10, 12), ("normal", 12, 30)):
    g = GaussShell(R1=r1, R2=r2, D0=33.75, s=s)
    put("gauss_%s_volume_cc" % name, g.volume / 1000)
    put("gauss_%s_dmean" % name, g.dmean)
    for p in (2, 50, 98):
        put("gauss_%s_d%d" % (name, p), float(g.Dpct(p)))
    for x in (12.0, 25.65, 28.0, 30.0):
        put("gauss_%s_v%g_percent" % (name, x), 100 * float(g.V(x)) / g.volume)
        put("gauss_%s_v%g_cc" % (name, x), float(g.V(x)) / 1000)
    # BED map (3 fractions, alpha/beta 2): monotone, so D(p%) of the map = BED of D(p%)
    n, ab = 3, 2.0
    put("gauss_%s_d98_bed3_ab2" % name, float(g.Dpct(98)) * (1 + float(g.Dpct(98)) / (n * ab)))

# Case 3: planar gradient, R = 10, a = 20, b = 0.5
pl = Planar(R=10.0, a=20.0, b=0.5)
put("planar_dmean", pl.dmean)
for p in (2, 50, 95, 98):
    put("planar_d%d" % p, float(pl.Dpct(p)))
put("planar_v24_percent", 100 * float(pl.V(24.0)) / pl.volume)

# Case 4: offset spheres, R_T = 10, d = 2 and 1.7, D0 = 33.75, s = 17.96*10/12, Rx = 27
for label, d in (("d2", 2.0), ("d1.7", 1.7)):
    oc = OffsetConformity(R_T=10.0, d=d)
    put("offset_%s_sigma" % label, oc.s)
    put("offset_%s_tc" % label, oc.TC)
    put("offset_%s_pitv" % label, oc.PITV)
    put("offset_%s_ci" % label, oc.CI_paddick)
    put("offset_%s_gi" % label, oc.GI)
    put("offset_%s_r50" % label, oc.R_50)

# Case 5: margins
for m in (1.0, 2.0, 3.0):
    put("margin_r10_m%g_cc" % m, margin_volume(10.0, m) / 1000)
put("sphere_r10_cc", sphere_vol(10.0) / 1000)

# Radiobiology (dose-spec §4.6)
for n, d, ab in ((3, 9, 10), (5, 6, 10), (1, 20, 10), (3, 9, 2), (10, 3, 10), (10, 3, 2)):
    put("bed_%dx%g_ab%g" % (n, d, ab), bed(n, d, ab))
    put("eqd2_%dx%g_ab%g" % (n, d, ab), eqd2(n, d, ab))

with open(os.path.join(OUT, "dose_analytic.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "value"])
    for name, value in rows:
        w.writerow([name, repr(value)])

# Margins with scipy's exact EDT. Lattice (the tests build the same one): n_a voxels per axis with
# n_a = 2*ceil((R + m_max + 2 h_a)/h_a) + 1, origin_a = -(n_a - 1)/2 * h_a + offset_a * h_a,
# offsets (0.123, 0.456, 0.789); ball = centres with x^2 + y^2 + z^2 <= R^2.
OFFSET = (0.123, 0.456, 0.789)
R, M_MAX = 10.0, 3.0
margin_rows = []
for spacing in ((1.0, 1.0, 1.0), (0.5, 0.5, 1.0), (1.0, 1.0, 3.0), (1.2, 1.2, 2.5)):
    n = [2 * math.ceil((R + M_MAX + 2 * h) / h) + 1 for h in spacing]
    axes = [-(n[a] - 1) / 2 * spacing[a] + OFFSET[a] * spacing[a] + spacing[a] * np.arange(n[a]) for a in range(3)]
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    ball = x * x + y * y + z * z <= R * R
    edt = ndimage.distance_transform_edt(~ball, sampling=(spacing[2], spacing[1], spacing[0]))
    for m in (1.0, 2.0, 3.0):
        thresholds = [("centre", m)]
        if spacing[0] == spacing[1] == spacing[2]:
            # isotropic: the half-voxel rule |v| - c*h <= m is EDT <= m + c*h
            thresholds += [("half_voxel_c%g" % cc, m + cc * spacing[0]) for cc in (0.25, 0.35)]
        for rule, t in thresholds:
            margin_rows.append((spacing, m, rule, int(ball.sum()), int((edt <= t).sum())))

with open(os.path.join(OUT, "dose_margin_scipy.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["hx", "hy", "hz", "margin_mm", "rule", "ball_voxels", "dilated_voxels"])
    for sp, m, rule, nb, nd in margin_rows:
        w.writerow([sp[0], sp[1], sp[2], m, rule, nb, nd])
print("wrote %d closed-form values and %d margin counts" % (len(rows), len(margin_rows)))
