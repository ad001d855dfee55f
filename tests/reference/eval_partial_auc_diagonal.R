# Reference values for nomo::eval::partial_auc on curves whose area over the full range is
# exactly the diagonal's, 0.5 (tests/eval/partial_auc_test.cpp). There pROC keeps or drops
# McClish's correction on the last bit of its sum of trapezoids (NA when the sum rounds below 0.5),
# so nomo has to add them as R does. Drawn here: small data sets with AUC 0.5; kept, every one whose
# corrected area pROC drops and as many whose trapezoids added one by one in double would fall below
# 0.5 while R's long double sum gives 0.5.
# Run from the repository root: Rscript tests/reference/eval_partial_auc_diagonal.R
suppressMessages(library(pROC))
set.seed(20261201)
double_sum <- function(v) Reduce(`+`, v, accumulate = FALSE)  # left to right, in double
trapezoids <- function(r, focus) {
  x <- if (focus == "specificity") r$specificities else rev(r$sensitivities)
  y <- if (focus == "specificity") r$sensitivities else rev(r$specificities)
  o <- order(x)  # pROC's sort.roc puts specificities increasing; this only checks its sum
  x <- x[o]; y <- y[o]
  (y[-1] + y[-length(y)]) / 2 * (x[-1] - x[-length(x)])
}
rows <- list()
dropped <- 0; rescued <- 0
while ((dropped < 4 || rescued < 4) && length(rows) < 200) {
  n <- sample(6:16, 1)
  y <- sample(0:1, n, replace = TRUE)
  if (sum(y) < 2 || sum(y) > n - 2) next
  s <- round(runif(n), 2)
  r <- roc(y, s, direction = "<", levels = c(0, 1), quiet = TRUE)
  if (as.numeric(auc(r)) != 0.5) next
  for (focus in c("specificity", "sensitivity")) {
    corrected <- suppressWarnings(auc(r, partial.auc = c(1, 0), partial.auc.focus = focus, partial.auc.correct = TRUE))
    raw <- as.numeric(auc(r, partial.auc = c(1, 0), partial.auc.focus = focus))
    is_dropped <- is.na(corrected)
    is_rescued <- !is_dropped && double_sum(trapezoids(r, focus)) < 0.5
    if ((is_dropped && dropped < 4) || (is_rescued && rescued < 4)) {
      dropped <- dropped + is_dropped
      rescued <- rescued + is_rescued
      rows[[length(rows) + 1]] <- data.frame(
        case = length(rows) + 1, focus = focus, scores = paste(sprintf("%.2f", s), collapse = " "),
        outcomes = paste(y, collapse = " "), raw = sprintf("%.17g", raw),
        corrected = ifelse(is_dropped, "NA", sprintf("%.17g", as.numeric(corrected))))
    }
  }
}
write.csv(do.call(rbind, rows), "tests/reference/eval_partial_auc_diagonal.csv", row.names = FALSE, quote = FALSE)
