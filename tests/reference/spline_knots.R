# Reference knots from Hmisc::rcspline.eval(x, nk, knots.only = TRUE) (Hmisc 4.8-0) for data shapes
# that exercise every rule of rms-spec §1.1: plain quantiles (n >= 100), the n < 100 outer-knot rule,
# fractied at one or both ends, too many knots for the unique values (warning), the alternate
# algorithm (warning), fewer than 3 distinct knots (error), missing values.
# Run from the repository root: Rscript tests/reference/spline_knots.R
suppressMessages(library(Hmisc))
out_dir <- "tests/reference"
paper <- read.csv("tests/reference/spline_rms_example_data.csv")  # rms-spec's rms_example_data.csv
set.seed(20261128)
with_na <- exp(rnorm(30, 1, 0.6)); with_na[c(3, 17)] <- NA
data_sets <- list(
  bmk150       = paper$bmk,                                   # rms-spec §1.5 worked example
  bmk80        = paper$bmk[1:80],                             # n < 100 rule (spec: 1.28 .. 4.52)
  fractied_low = c(rep(0, 30), seq(0.1, 17, by = 0.1)),       # spec: nk=4 -> 0.10 1.04 8.60 16.16
  fractied_both= c(rep(0, 20), 1:60, rep(100, 20)),           # both ends tied, n < 100 left
  fractied_mid = c(rep(0, 40), seq(1, 2, length = 10), rep(100, 40)),
  integer_ties = round(rnorm(300, 10, 3)),                     # heavy interior ties, no fractied
  alternate    = c(rep(0, 40), 1:3, rep(5, 3), 6:8, rep(9, 3)),# alternate algorithm (warning)
  few_unique   = rep(c(1, 2, 3, 4, 5, 6, 7), c(20, 5, 9, 30, 7, 2, 1)), # 7 unique values: reduced
  minimal_n6   = c(1, 2, 3, 5, 8, 13),                         # smallest accepted sample
  small_na     = with_na,                                      # n = 28 non-missing + 2 NA
  lognormal500 = exp(rnorm(500, 0, 1)),
  collapse     = c(1:5, rep(50, 190), 80:84)                   # fewer than 3 distinct knots: error
)
fmt <- function(v) paste(sprintf("%.17g", v), collapse = ";")
rows <- list()
for (name in names(data_sets)) {
  x <- data_sets[[name]]
  for (nk in 3:7) {
    status <- "ok"; knots <- NA
    knots <- withCallingHandlers(
      tryCatch(rcspline.eval(x, nk = nk, knots.only = TRUE),
               error = function(e) { status <<- "error"; NA }),
      warning = function(w) { status <<- "warning"; invokeRestart("muffleWarning") })
    rows[[length(rows) + 1]] <- data.frame(data_set = name, nk = nk, status = status,
                                           knots = if (status == "error") "" else fmt(knots))
  }
}
write.csv(do.call(rbind, rows), file.path(out_dir, "spline_knots.csv"), row.names = FALSE)
data_rows <- do.call(rbind, lapply(names(data_sets), function(name)
  data.frame(data_set = name, x = sprintf("%.17g", data_sets[[name]]))))
write.csv(data_rows, file.path(out_dir, "spline_knots_data.csv"), row.names = FALSE)
