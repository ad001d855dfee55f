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

# Edge cases of the tested table (stats_table_one_edge.csv). A declared level nobody has is shown
# with 0 but cannot be tested (R's table() on the observed values has no such row), and a group
# with no value of the variable drops out of the test; the automatic choice is made on what is
# tested. Label levels come in R's factor() order.
edge <- list()
x <- c(rep("a", 50), rep("b", 30), rep("a", 30), rep("b", 50)); g <- rep(c("g1", "g2"), each = 80)
edge[[1]] <- data.frame(case = "declared_empty_level", key = "chisq_p", value = f17(chisq.test(table(x, g))$p.value))
v <- c(rep("yes", 9), rep("no", 5), rep("yes", 5), rep("no", 9), rep(NA, 5)); g <- rep(c("A", "B", "C"), c(14, 14, 5))
observed <- !is.na(v)
edge[[2]] <- data.frame(case = "group_all_missing", key = "chisq_p",
                        value = f17(chisq.test(table(v[observed], g[observed]))$p.value))
levels_of <- function(labels) paste(levels(factor(labels)), collapse = "|")
edge[[3]] <- data.frame(case = "level_order", key = "groups", value = levels_of(c("Tx", "ctrl", "Tx", "ctrl")))
edge[[4]] <- data.frame(case = "level_order", key = "levels", value = levels_of(c("Yes", "no", "No", "Yes")))
write.csv(do.call(rbind, edge), file.path(out, "stats_table_one_edge.csv"), row.names = FALSE)
