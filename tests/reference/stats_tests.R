# Reference values for the group-comparison tests of nomo::stats (tests/stats/).
# Run from the repository root: Rscript tests/reference/stats_tests.R
# Writes the samples and tables it uses, and one row per (case, quantity) with R's result.
out <- "tests/reference"
f17 <- function(v) sprintf("%.17g", v)
samples <- list(); tables <- list(); res <- list()
add_sample <- function(case, x, y = NULL) {
  samples[[length(samples) + 1]] <<- data.frame(case = case, sample = "x", value = f17(x))
  if (!is.null(y)) samples[[length(samples) + 1]] <<- data.frame(case = case, sample = "y", value = f17(y))
}
add_table <- function(case, m) {
  tables[[length(tables) + 1]] <<- data.frame(case = case, row = rep(seq_len(nrow(m)), ncol(m)) - 1,
    col = rep(seq_len(ncol(m)), each = nrow(m)) - 1, count = as.vector(m))
}
put <- function(case, ...) {
  v <- list(...)
  res[[length(res) + 1]] <<- data.frame(case = case, quantity = names(v), value = f17(unlist(v)))
}
htest <- function(case, h) {
  ci <- if (is.null(h$conf.int)) c(NA, NA) else h$conf.int
  put(case, statistic = if (is.null(h$statistic)) NA else unname(h$statistic), p = h$p.value,
      df = if (is.null(h$parameter)) NA else unname(h$parameter[1]),
      estimate = if (is.null(h$estimate)) NA else if (length(h$estimate) == 2) unname(h$estimate[1] - h$estimate[2])
                 else unname(h$estimate[1]),
      lower = ci[1], upper = ci[2])
}

# R's warnings for a call, muffled and recorded under `case` ("" when none), joined by "; " in the
# order R raises them: nomo's test_result::note carries the same text.
warnings_seen <- list()
warned <- function(case, expr) {
  msgs <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  warnings_seen[[length(warnings_seen) + 1]] <<- data.frame(case = case, warning = paste(msgs, collapse = "; "))
  value
}

set.seed(20261128)
# Rank-sum: small samples without ties (exact), with ties (normal approximation), large (approx).
x1 <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y1 <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 3.14)
add_sample("ranksum_exact", x1, y1)
htest("ranksum_exact", warned("ranksum_exact", wilcox.test(x1, y1)))
htest("ranksum_exact_less", wilcox.test(x1, y1, alternative = "less"))
htest("ranksum_exact_greater", wilcox.test(x1, y1, alternative = "greater"))
x2 <- c(3, 5, 5, 7, 8, 8, 8, 10, 12, 13); y2 <- c(1, 2, 3, 3, 5, 6, 8, 9)
add_sample("ranksum_ties", x2, y2)
htest("ranksum_ties", warned("ranksum_ties", wilcox.test(x2, y2)))
htest("ranksum_ties_nocorrect", warned("ranksum_ties_nocorrect", wilcox.test(x2, y2, correct = FALSE)))
htest("ranksum_ties_greater", warned("ranksum_ties_greater", wilcox.test(x2, y2, alternative = "greater")))
x3 <- round(rnorm(60, 10, 3), 3); y3 <- round(rnorm(55, 11, 3), 3)
add_sample("ranksum_large", x3, y3)
htest("ranksum_large", warned("ranksum_large", wilcox.test(x3, y3)))

# Far upper tails of the exact rank-sum distribution (W = m·n − 1, P ~ 1e-17 and 1e-26): x above y
# but for one pair. Its counts exceed 2^53.
x5 <- c(seq(34, 62), 32.5); y5 <- 1:33
add_sample("ranksum_exact_tail", x5, y5)
htest("ranksum_exact_tail", wilcox.test(x5, y5))
x6 <- c(seq(49, 92), 47.5); y6 <- 1:48
add_sample("ranksum_exact_far_tail", x6, y6)
htest("ranksum_exact_far_tail", wilcox.test(x6, y6))
htest("ranksum_exact_far_tail_greater", wilcox.test(x6, y6, alternative = "greater"))

# Signed rank: exact (no ties, no zeros), approximate (ties and zeros), paired form.
d1 <- c(1.83, -0.50, 1.62, 2.48, -1.68, 1.88, 1.55, 3.06, 1.30, -0.25)
add_sample("signrank_exact", d1)
htest("signrank_exact", warned("signrank_exact", wilcox.test(d1)))
htest("signrank_exact_mu", wilcox.test(d1, mu = 0.3, alternative = "greater"))
d3 <- c(seq(2, 45), -1)  # V = n(n + 1)/2 − 1: the far upper tail of the signed-rank distribution
add_sample("signrank_exact_tail", d3)
htest("signrank_exact_tail", wilcox.test(d3))
d2 <- c(2, -1, 0, 3, 3, -2, 4, 0, 5, 1, 1, -3)
add_sample("signrank_ties", d2)
htest("signrank_ties", warned("signrank_ties", wilcox.test(d2)))
htest("signrank_ties_nocorrect", warned("signrank_ties_nocorrect", wilcox.test(d2, correct = FALSE)))
pa <- c(86, 71, 77, 68, 91, 72, 77, 91, 70, 71, 88, 87); pb <- c(88, 77, 76, 64, 96, 72, 65, 90, 65, 80, 81, 72)
add_sample("signrank_paired", pa, pb)
htest("signrank_paired", warned("signrank_paired", wilcox.test(pa, pb, paired = TRUE)))

# t-tests.
add_sample("t_two", x3, y3)
htest("t_student", t.test(x3, y3, var.equal = TRUE))
htest("t_welch", t.test(x3, y3))
htest("t_welch_less", t.test(x3, y3, alternative = "less", conf.level = 0.9))
add_sample("t_paired", pa, pb)
htest("t_paired", t.test(pa, pb, paired = TRUE))
add_sample("t_one", d1)
htest("t_one", t.test(d1, mu = 0.5))

# Contingency tables.
tabs <- list(t2x2 = matrix(c(12, 5, 7, 14), 2), t2x2_small = matrix(c(3, 1, 1, 3), 2),
             t2x3 = matrix(c(10, 4, 7, 9, 3, 12), 2), t3x3 = matrix(c(3, 1, 0, 2, 4, 1, 0, 2, 5), 3),
             t2x2_zero = matrix(c(0, 6, 5, 2), 2))
for (nm in names(tabs)) {
  m <- tabs[[nm]]
  add_table(nm, m)
  htest(paste0(nm, "_chisq"), suppressWarnings(chisq.test(m)))
  if (all(dim(m) == 2)) htest(paste0(nm, "_chisq_noyates"), suppressWarnings(chisq.test(m, correct = FALSE)))
  htest(paste0(nm, "_fisher"), fisher.test(m))
  if (all(dim(m) == 2)) {
    htest(paste0(nm, "_fisher_less"), fisher.test(m, alternative = "less"))
    htest(paste0(nm, "_fisher_greater"), fisher.test(m, alternative = "greater", conf.level = 0.9))
  }
}
# k-sample tests: Kruskal-Wallis (with and without ties) and one-way analysis of means (Welch's and
# the classic F), on 3 and 4 groups of unequal sizes; samples "g1", "g2", ...
add_groups <- function(case, groups) {
  for (k in seq_along(groups)) {
    samples[[length(samples) + 1]] <<- data.frame(case = case, sample = paste0("g", k), value = f17(groups[[k]]))
  }
}
ftest <- function(case, h) {
  htest(case, h)
  put(case, df2 = unname(h$parameter[2]))
}
kgroups <- function(groups) data.frame(v = unlist(groups), g = factor(rep(seq_along(groups), lengths(groups))))
set.seed(20261129)
k3 <- list(round(rnorm(7, 10, 2), 2), round(rnorm(11, 12, 3), 2), round(rnorm(9, 9, 1), 2))
add_groups("k3", k3)
htest("k3_kruskal", kruskal.test(k3))
ftest("k3_welch", oneway.test(v ~ g, kgroups(k3)))
ftest("k3_anova", oneway.test(v ~ g, kgroups(k3), var.equal = TRUE))
k4 <- list(c(1, 2, 2, 3, 5), c(2, 3, 3, 3, 4, 6), c(4, 5, 5, 6, 7, 7, 8), c(1, 1, 2, 8))
add_groups("k4_ties", k4)
htest("k4_ties_kruskal", kruskal.test(k4))
ftest("k4_ties_welch", oneway.test(v ~ g, kgroups(k4)))
ftest("k4_ties_anova", oneway.test(v ~ g, kgroups(k4), var.equal = TRUE))
write.csv(do.call(rbind, samples), file.path(out, "stats_tests_samples.csv"), row.names = FALSE)
write.csv(do.call(rbind, tables), file.path(out, "stats_tests_tables.csv"), row.names = FALSE)
write.csv(do.call(rbind, res), file.path(out, "stats_tests_results.csv"), row.names = FALSE)
write.csv(do.call(rbind, warnings_seen), file.path(out, "stats_tests_warnings.csv"), row.names = FALSE)
