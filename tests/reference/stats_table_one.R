# Reference values for nomo::stats::build_table_one (tests/stats/table_one_test.cpp): the training
# cohort of examples/data by recurrence, summarised and tested with base R.
# Run from the repository root: Rscript tests/reference/stats_table_one.R
# Test rule (nomo's "automatic"): mean ± SD -> Welch t.test (oneway.test for 3+ groups); median
# (IQR) -> wilcox.test (kruskal.test for 3+ groups); counts -> chisq.test, or fisher.test when an
# expected count is below 5.
d <- read.csv("examples/data/cohort_training.csv")
out <- "tests/reference"
f17 <- function(v) sprintf("%.17g", v)
groups <- list(Overall = rep(TRUE, nrow(d)), "0" = d$recurrence == 0, "1" = d$recurrence == 1)
numeric_vars <- c(age = "mean_sd", gtv_cc = "median_iqr", bed_gy = "median_iqr", pitv = "median_iqr")
count_vars <- c("sex", "primary", "kps")

num <- list(); cnt <- list(); tests <- list()
for (v in names(numeric_vars)) {
  for (g in names(groups)) {
    x <- d[[v]][groups[[g]]]
    q <- quantile(x, c(0.25, 0.5, 0.75), na.rm = TRUE, type = 7)
    num[[length(num) + 1]] <- data.frame(variable = v, group = g, n = sum(!is.na(x)), missing = sum(is.na(x)),
      mean = f17(mean(x, na.rm = TRUE)), sd = f17(sd(x, na.rm = TRUE)), median = f17(q[2]), q1 = f17(q[1]),
      q3 = f17(q[3]), min = f17(min(x, na.rm = TRUE)), max = f17(max(x, na.rm = TRUE)))
  }
  x0 <- d[[v]][d$recurrence == 0]; x1 <- d[[v]][d$recurrence == 1]
  h <- if (numeric_vars[[v]] == "mean_sd") t.test(x0, x1) else wilcox.test(x0, x1, exact = NULL)
  tests[[length(tests) + 1]] <- data.frame(variable = v, test = if (numeric_vars[[v]] == "mean_sd") "welch_t" else "wilcoxon",
                                           p = f17(h$p.value))
}
for (v in count_vars) {
  for (g in names(groups)) {
    tab <- table(factor(d[[v]][groups[[g]]], levels = sort(unique(d[[v]][!is.na(d[[v]])]))))
    cnt[[length(cnt) + 1]] <- data.frame(variable = v, group = g, level = names(tab), count = as.vector(tab),
                                         missing = sum(is.na(d[[v]][groups[[g]]])))
  }
  tab <- table(d[[v]], d$recurrence)
  expected <- outer(rowSums(tab), colSums(tab)) / sum(tab)
  fisher <- any(expected < 5)
  h <- if (fisher) fisher.test(tab) else chisq.test(tab)
  tests[[length(tests) + 1]] <- data.frame(variable = v, test = if (fisher) "fisher" else "chi_square", p = f17(h$p.value))
  # What Table 1 falls back to when Fisher's test is beyond its work budget: chisq.test.
  if (fisher) tests[[length(tests) + 1]] <- data.frame(variable = paste0(v, "_fallback"), test = "chi_square",
                                                       p = f17(suppressWarnings(chisq.test(tab))$p.value))
}
# By primary site (3 groups): mean ± SD -> Welch's oneway.test, median (IQR) -> kruskal.test.
for (v in names(numeric_vars)) {
  h <- if (numeric_vars[[v]] == "mean_sd") oneway.test(d[[v]] ~ factor(d$primary)) else kruskal.test(d[[v]], factor(d$primary))
  tests[[length(tests) + 1]] <- data.frame(variable = paste0(v, "_by_primary"),
                                           test = if (numeric_vars[[v]] == "mean_sd") "welch_anova" else "kruskal_wallis",
                                           p = f17(h$p.value))
}
write.csv(do.call(rbind, num), file.path(out, "stats_table_one_numeric.csv"), row.names = FALSE)
write.csv(do.call(rbind, cnt), file.path(out, "stats_table_one_counts.csv"), row.names = FALSE)
write.csv(do.call(rbind, tests), file.path(out, "stats_table_one_tests.csv"), row.names = FALSE)
