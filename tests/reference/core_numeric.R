# Reference values for include/nomo/core/numeric.hpp (tests/core/numeric_*.cpp).
# Run from the repository root:  Rscript tests/reference/core_numeric.R
# Writes tests/reference/core_numeric_*.csv with 17 significant digits (enough to round-trip).
# R 4.2.2 + Hmisc 4.8-0 (GiniMd).
suppressMessages(library(Hmisc))
out_dir <- "tests/reference"
num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
save_csv <- function(df, name) {
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- num(df[[j]])
  write.csv(df, file.path(out_dir, name), row.names = FALSE, quote = TRUE)
}

# ---- data sets (written out so the C++ tests use exactly these numbers) ----
set.seed(20261128)
datasets <- list()
u <- runif(40, -3, 8)
datasets$unsorted <- list(x = u, y = sin(u) + rnorm(40, 0, 0.3))
tx <- round(runif(60, 0, 5))           # heavy ties: only 6 distinct x values
datasets$ties <- list(x = tx, y = tx^2 / 5 + rnorm(60))
datasets$small <- list(x = c(2.5, -1, 0.25), y = c(1, 3, -2))
datasets$pair <- list(x = c(4, 1), y = c(0.5, 2))
lx <- runif(200, 0, 10)                # dense enough that delta skips points
datasets$dense <- list(x = lx, y = log1p(lx) + rt(200, df = 3) * 0.4)
ox <- c(1:30, 31:35 + 0.001)           # outliers in y drive robustness weights to 0
datasets$outliers <- list(x = ox, y = c(0.5 * (1:30) + rnorm(30, 0, 0.1), rep(100, 5)))
px <- sort(runif(80))                  # probabilities, as calibrate smooths them
datasets$probs <- list(x = px, y = as.numeric(runif(80) < px))
# large enough for the radix-sort path of GiniMd/quantile (not smoothed: keeps the lowess file small)
datasets$large <- list(x = round(rnorm(3000, 50, 20), 1), y = numeric(3000))
# points a hair apart (1e-4 against windows of several units): lowess gives points within 0.001h of
# the fitted x weight exactly 1, not the tricube value
nx <- c(seq(0, 10, length.out = 30), 5 + 1e-4 * (1:6))
datasets$near <- list(x = nx, y = cos(nx) + rnorm(36, 0, 0.2))
cat_rows <- do.call(rbind, lapply(names(datasets), function(d)
  data.frame(dataset = d, x = datasets[[d]]$x, y = datasets[[d]]$y)))
save_csv(cat_rows, "core_numeric_data.csv")

# ---- quantile type 7 ----
# "standard": the probabilities knots and datadist use; "grid": 41 at once (more than a partial sort)
prob_sets <- list(standard = c(0, 0.025, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.65, 0.9, 0.95, 0.975, 1),
                  grid = seq(0, 1, length.out = 41))
q_rows <- do.call(rbind, lapply(names(datasets), function(d) do.call(rbind, lapply(names(prob_sets), function(s)
  data.frame(dataset = d, set = s, p = prob_sets[[s]],
             value = unname(quantile(datasets[[d]]$x, prob_sets[[s]], type = 7)))))))
save_csv(q_rows, "core_numeric_quantile.csv")

# ---- seq(from, to, length.out) ----
# the last two: to - from overflows double (R steps over from/4 to to/4 and multiplies by 4)
seq_cases <- list(c(0, 1, 11), c(1.3745, 4.9575, 200), c(-3, 7, 4), c(2, 2, 5), c(5, 1, 6),
                  c(0, 1, 1), c(0, 1, 2), c(0.1, 0.7, 7), c(-1.7e308, 1.7e308, 5), c(1.5e308, -1e308, 4))
s_rows <- do.call(rbind, lapply(seq_along(seq_cases), function(k) {
  a <- seq_cases[[k]]
  v <- seq(a[1], a[2], length.out = a[3])
  data.frame(case = k, from = a[1], to = a[2], length = a[3], index = seq_along(v) - 1, value = v)
}))
save_csv(s_rows, "core_numeric_seq.csv")

# ---- approx(rule = 1), ties mean and first ----
ap_rows <- do.call(rbind, lapply(c("unsorted", "ties", "small", "pair", "probs"), function(d) {
  x <- datasets[[d]]$x; y <- datasets[[d]]$y
  xout <- c(min(x) - 1, min(x), sort(unique(x)), seq(min(x), max(x), length.out = 23), max(x), max(x) + 0.5)
  rbind(data.frame(dataset = d, ties = "mean", xout = xout, y = approx(x, y, xout = xout, ties = mean)$y),
        data.frame(dataset = d, ties = "first", xout = xout,
                   y = approx(x, y, xout = xout, ties = function(v) v[1])$y))
}))
save_csv(ap_rows, "core_numeric_approx.csv")

# ---- pretty ----
ranges <- list(c(0.97, 9.3), c(-2.41, 1.93), c(0, 154.7445), c(0.0759, 0.8808), c(30.1, 89.5),
               c(0.1170224568, 0.8677592250), c(1e-3, 2.3e-3), c(-1000, -3), c(-0.0012, -0.0003),
               c(5, 5), c(0, 0), c(-4, -4), c(1, 1 + 2.3e-15), c(1 - 1e-12, 3), c(0.3, 0.9),
               c(-7.3e6, 2e5), c(123456, 123457), c(-1e-9, 1e-9), c(0, 1), c(-0.5, 0.5),
               c(1e-300, 3e-300), c(17, 17.0001), c(0.999, 1.001), c(-1, 1e-16))
p_rows <- do.call(rbind, lapply(seq_along(ranges), function(k) {
  do.call(rbind, lapply(c(1, 2, 3, 5, 10, 20), function(n) {
    v <- pretty(ranges[[k]], n = n)
    data.frame(case = k, lo = ranges[[k]][1], hi = ranges[[k]][2], n = n, index = seq_along(v) - 1, value = v)
  }))
}))
save_csv(p_rows, "core_numeric_pretty.csv")

# ---- lowess: iter 0/3, delta default/0, two spans ----
lw_rows <- list()
for (d in setdiff(names(datasets), "large")) for (iter in c(0, 3)) for (f in c(2 / 3, 0.3)) for (dk in c("default", "zero")) {
  x <- datasets[[d]]$x; y <- datasets[[d]]$y
  s <- if (dk == "zero") lowess(x, y, f = f, iter = iter, delta = 0) else lowess(x, y, f = f, iter = iter)
  lw_rows[[length(lw_rows) + 1]] <- data.frame(dataset = d, iter = iter, f = f, delta = dk,
                                               index = seq_along(s$x) - 1, x = s$x, y = s$y)
}
save_csv(do.call(rbind, lw_rows), "core_numeric_lowess.csv")

# ---- Gini mean difference (Hmisc::GiniMd) and the pairwise definition as a cross-check ----
g_rows <- do.call(rbind, lapply(names(datasets), function(d) {
  x <- datasets[[d]]$x
  data.frame(dataset = d, value = GiniMd(x), pairwise = mean(abs(outer(x, x, "-"))[upper.tri(diag(length(x)))]))
}))
save_csv(g_rows, "core_numeric_gini.csv")
