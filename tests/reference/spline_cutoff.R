# Reference cut-offs of bmk on the rms example data: maximally selected statistic with Lau94/Lau92
# P-values (maxstat 0.7-25, Debian r-cran-maxstat), and the Youden-optimal threshold with its
# bootstrap percentile interval from pROC 1.18 with R's own sample() stream.
# (OR-curve crossings are in spline_effect.R.)
# Run from the repository root: Rscript tests/reference/spline_cutoff.R
suppressMessages({library(maxstat); library(pROC)})
out_dir <- "tests/reference"
d <- read.csv("tests/reference/spline_rms_example_data.csv")
fmt <- function(v) sprintf("%.17g", v)
rows <- list()
for (v in c("bmk", "age")) for (props in list(c(0.1, 0.9), c(0.25, 0.75))) {
  f <- as.formula(paste("y ~", v))
  m94 <- maxstat.test(f, data = d, smethod = "Data", pmethod = "Lau94", minprop = props[1], maxprop = props[2])
  m92 <- maxstat.test(f, data = d, smethod = "Data", pmethod = "Lau92", minprop = props[1], maxprop = props[2])
  below <- d[[v]] <= m94$estimate
  rows[[length(rows) + 1]] <- data.frame(variable = v, minprop = props[1], maxprop = props[2],
    cutpoint = fmt(m94$estimate), statistic = fmt(m94$statistic), p_lau94 = fmt(m94$p.value),
    p_lau92 = fmt(m92$p.value), candidates = length(m94$cuts),
    pearson = fmt(suppressWarnings(chisq.test(table(below, d$y), correct = FALSE)$statistic)))
}
write.csv(do.call(rbind, rows), file.path(out_dir, "spline_cutoff_maxstat.csv"), row.names = FALSE)

youden <- function(x, y, direction) {
  r <- roc(y, x, direction = direction, levels = c(0, 1), quiet = TRUE)
  min(coords(r, "best", best.method = "youden", ret = "threshold", transpose = FALSE)$threshold)
}
rows <- list()
for (v in c("bmk", "age")) {
  x <- d[[v]]; y <- d$y
  r <- roc(y, x, levels = c(0, 1), quiet = TRUE)            # automatic direction
  best <- coords(r, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"), transpose = FALSE)
  set.seed(2026)
  thr <- replicate(200, { i <- sample(length(y), replace = TRUE); youden(x[i], y[i], r$direction) })
  rows[[v]] <- data.frame(variable = v, direction = r$direction, threshold = fmt(min(best$threshold)),
    sensitivity = fmt(best$sensitivity[which.min(best$threshold)]), specificity = fmt(best$specificity[which.min(best$threshold)]),
    ties = nrow(best), finite = sum(is.finite(thr)),
    low = fmt(quantile(thr[is.finite(thr)], 0.025)), high = fmt(quantile(thr[is.finite(thr)], 0.975)))
}
write.csv(do.call(rbind, rows), file.path(out_dir, "spline_cutoff_youden.csv"), row.names = FALSE)
