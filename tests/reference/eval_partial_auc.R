# Reference values for nomo::eval::partial_auc (tests/eval/roc_test.cpp): pROC's auc(roc,
# partial.auc, partial.auc.focus, partial.auc.correct) on the scores of eval_roc.R.
# Run from the repository root after eval_roc.R: Rscript tests/reference/eval_partial_auc.R
suppressMessages(library(pROC))
s <- read.csv("tests/reference/eval_roc_scores.csv")
curves <- list(full = roc(s$y, s$full, direction = "<", levels = c(0, 1), quiet = TRUE),
               tied = roc(s$y, s$tied, direction = ">", levels = c(0, 1), quiet = TRUE),
               inverted = roc(s$y, -s$full, direction = "<", levels = c(0, 1), quiet = TRUE))
# name = curve, focus, upper and lower bound; the narrow tied ranges hold no point of the curve.
cases <- list(list("full", "specificity", 1, 0.8), list("full", "specificity", 0.9, 0.7),
              list("full", "sensitivity", 1, 0.9), list("full", "sensitivity", 0.95, 0.6),
              list("tied", "specificity", 1, 0.8), list("tied", "sensitivity", 0.9, 0.5),
              list("tied", "specificity", 0.601, 0.6), list("tied", "sensitivity", 0.801, 0.8),
              list("inverted", "specificity", 1, 0.8))
rows <- list()
for (k in cases) {
  r <- curves[[k[[1]]]]
  range <- c(k[[3]], k[[4]])
  name <- sprintf("%s_%s_%g_%g", k[[1]], k[[2]], k[[3]], k[[4]])
  raw <- auc(r, partial.auc = range, partial.auc.focus = k[[2]])
  corrected <- suppressWarnings(auc(r, partial.auc = range, partial.auc.focus = k[[2]], partial.auc.correct = TRUE))
  forced <- auc(r, partial.auc = range, partial.auc.focus = k[[2]], partial.auc.correct = TRUE,
                allow.invalid.partial.auc.correct = TRUE)
  rows[[name]] <- c(raw = as.numeric(raw), corrected = as.numeric(corrected), forced = as.numeric(forced))
}
values <- unlist(lapply(names(rows), function(n) setNames(rows[[n]], paste0(n, "_", names(rows[[n]])))))
write.csv(data.frame(name = names(values), value = sprintf("%.17g", values)),
          "tests/reference/eval_partial_auc.csv", row.names = FALSE, quote = FALSE)
