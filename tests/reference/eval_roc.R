# Reference values for nomo::eval ROC / DeLong / Youden (tests/eval/roc_test.cpp, delong_test.cpp).
# Run from the repository root: Rscript tests/reference/eval_roc.R
# Data: the shared rms example cohort (n = 150); scores are linear predictors of two lrm fits.
suppressMessages({library(rms); library(pROC)})
options(digits = 17)
out <- function(name) file.path("tests/reference", name)
write_values <- function(values, name) {
  write.csv(data.frame(name = names(values), value = sprintf("%.17g", unlist(values))), out(name),
            row.names = FALSE, quote = FALSE)
}

d <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
full <- lrm(y ~ rcs(bmk, 4) + age + sex, data = d)
reduced <- lrm(y ~ age + sex, data = d)
# A coarse score with many ties, used with direction ">" (lower = more likely a case).
tied <- -round(d$bmk * 2) / 2
scores <- data.frame(y = d$y, full = full$linear.predictors, reduced = reduced$linear.predictors, tied = tied)
write.csv(format(scores, digits = 17), out("eval_roc_scores.csv"), row.names = FALSE, quote = FALSE)

r_full <- roc(d$y, scores$full, direction = "<", levels = c(0, 1), quiet = TRUE)
r_reduced <- roc(d$y, scores$reduced, direction = "<", levels = c(0, 1), quiet = TRUE)
r_tied <- roc(d$y, scores$tied, direction = ">", levels = c(0, 1), quiet = TRUE)

curve <- function(r) data.frame(threshold = sprintf("%.17g", r$thresholds),
                                sensitivity = sprintf("%.17g", r$sensitivities),
                                specificity = sprintf("%.17g", r$specificities))
write.csv(curve(r_full), out("eval_roc_curve_full.csv"), row.names = FALSE, quote = FALSE)
write.csv(curve(r_tied), out("eval_roc_curve_tied.csv"), row.names = FALSE, quote = FALSE)

ci_full <- ci.auc(r_full, method = "delong")
ci_tied <- ci.auc(r_tied, method = "delong", conf.level = 0.9)
var_full <- var(r_full, method = "delong")
paired <- roc.test(r_full, r_reduced, method = "delong", paired = TRUE)
# Unpaired: the full model on the first 75 patients vs the reduced model on the last 75.
first <- 1:75; last <- 76:150
r_a <- roc(d$y[first], scores$full[first], direction = "<", levels = c(0, 1), quiet = TRUE)
r_b <- roc(d$y[last], scores$reduced[last], direction = "<", levels = c(0, 1), quiet = TRUE)
unpaired <- roc.test(r_a, r_b, method = "delong", paired = FALSE)

best_full <- coords(r_full, "best", best.method = "youden", ret = "all", transpose = FALSE)
best_weighted <- coords(r_full, "best", best.method = "youden", best.weights = c(3, 0.1), ret = "all",
                        transpose = FALSE)
at_zero <- coords(r_full, 0, input = "threshold", ret = "all", transpose = FALSE)

set.seed(1)
boot_full <- ci.auc(r_full, method = "bootstrap", boot.n = 2000, boot.stratified = TRUE, progress = "none")

write_values(list(
  boot_lower_full = boot_full[1], boot_median_full = boot_full[2], boot_upper_full = boot_full[3],
  auc_full = as.numeric(auc(r_full)), auc_reduced = as.numeric(auc(r_reduced)),
  auc_tied = as.numeric(auc(r_tied)),
  delong_var_full = var_full, delong_lower_full = ci_full[1], delong_upper_full = ci_full[3],
  delong_lower_tied90 = ci_tied[1], delong_upper_tied90 = ci_tied[3],
  delong_var_tied = var(r_tied, method = "delong"),
  paired_z = unname(paired$statistic), paired_p = paired$p.value,
  paired_lower = paired$conf.int[1], paired_upper = paired$conf.int[2],
  unpaired_auc1 = as.numeric(auc(r_a)), unpaired_auc2 = as.numeric(auc(r_b)),
  unpaired_d = unname(unpaired$statistic), unpaired_df = unname(unpaired$parameter),
  unpaired_p = unpaired$p.value,
  best_full_n = nrow(best_full), best_full_threshold = best_full$threshold[1],
  best_full_sensitivity = best_full$sensitivity[1], best_full_specificity = best_full$specificity[1],
  best_full_youden = best_full$youden[1], best_full_ppv = best_full$ppv[1], best_full_npv = best_full$npv[1],
  best_weighted_n = nrow(best_weighted), best_weighted_threshold = best_weighted$threshold[1],
  best_weighted_sensitivity = best_weighted$sensitivity[1],
  at_zero_sensitivity = at_zero$sensitivity, at_zero_specificity = at_zero$specificity,
  at_zero_ppv = at_zero$ppv, at_zero_npv = at_zero$npv, at_zero_tp = at_zero$tp, at_zero_fp = at_zero$fp
), "eval_roc_values.csv")

# Tied optimum: two thresholds share the maximal Se + Sp.
s <- c(1, 2, 2, 3, 4, 5, 5, 6, 7, 8); y <- c(0, 1, 0, 0, 1, 0, 1, 0, 1, 1)
best_ties <- coords(roc(y, s, direction = "<", levels = c(0, 1), quiet = TRUE), "best", ret = "all",
                    transpose = FALSE)
write.csv(data.frame(threshold = best_ties$threshold, sensitivity = best_ties$sensitivity,
                     specificity = best_ties$specificity, youden = best_ties$youden,
                     ppv = best_ties$ppv, npv = best_ties$npv),
          out("eval_roc_best_ties.csv"), row.names = FALSE, quote = FALSE)
