# Reference restricted cubic spline basis values from Hmisc::rcspline.eval(x, knots, inclx = TRUE,
# norm) (Hmisc 4.8-0) for norms 0, 1, 2, at points below, between, on and above the knots; and the
# slope of a fitted curve b'basis(x), by Richardson-extrapolated central differences of the basis
# (exact for a cubic piece, so independent of any closed-form derivative).
# Run from the repository root: Rscript tests/reference/spline_basis.R
suppressMessages(library(Hmisc))
out_dir <- "tests/reference"
knot_sets <- list(
  k3 = c(1.538, 2.665, 4.421),
  k4 = c(1.3745, 2.1575, 3.3855, 4.9575),              # rms-spec §1.5: x=3.5 -> .747713015917911, .18826478274833
  k5 = c(-2, -0.5, 0.1, 0.7, 3),
  k7 = c(0.14076389349381685, 0.44579564691645446, 0.66450004024887488, 1.0437448644476459,
         1.6525426343043379, 2.7382016332796981, 8.1326620294542273)
)
fmt <- function(v) sprintf("%.17g", v)
basis_rows <- list(); slope_rows <- list()
for (name in names(knot_sets)) {
  k <- knot_sets[[name]]
  span <- diff(range(k))
  x <- sort(c(seq(min(k) - 0.3 * span, max(k) + 0.3 * span, length = 23), k, 3.5))
  for (norm in 0:2) {
    b <- rcspline.eval(x, knots = k, inclx = TRUE, norm = norm)
    for (j in seq_len(ncol(b))) {
      basis_rows[[length(basis_rows) + 1]] <- data.frame(knot_set = name, norm = norm, x = fmt(x),
                                                         column = j - 1, value = fmt(b[, j]))
    }
    # A curve with coefficients 0.7, -1.3, 0.9, ... on the basis columns.
    beta <- rep(c(0.7, -1.3, 0.9, -0.4, 1.1, -0.6), length.out = length(k) - 1)
    curve <- function(z) drop(rcspline.eval(z, knots = k, inclx = TRUE, norm = norm) %*% beta)
    central <- function(z, h) (curve(z + h) - curve(z - h)) / (2 * h)
    xs <- x[!(x %in% k)]                       # away from knots: one cubic piece around each point
    h <- 1e-3 * span
    slope <- (4 * central(xs, h / 2) - central(xs, h)) / 3
    slope_rows[[length(slope_rows) + 1]] <- data.frame(knot_set = name, norm = norm, x = fmt(xs),
                                                       coefficients = paste(beta, collapse = ";"),
                                                       slope = fmt(slope))
  }
}
write.csv(do.call(rbind, basis_rows), file.path(out_dir, "spline_basis.csv"), row.names = FALSE)
write.csv(do.call(rbind, slope_rows), file.path(out_dir, "spline_basis_slope.csv"), row.names = FALSE)
write.csv(data.frame(knot_set = names(knot_sets),
                     knots = sapply(knot_sets, function(k) paste(fmt(k), collapse = ";"))),
          file.path(out_dir, "spline_basis_knots.csv"), row.names = FALSE)
