## Reference for lrm.fit's iteration budget in bootstrap refits (tests/resample/test_validate.cpp):
## lrm.fit (rms 6.5) counts every pass of its loop against maxit = 12, step-halvings included, so a
## quasi-separated bootstrap sample that needs many halvings fails there and validate() skips it.
## Data: 45 synthetic patients (resample_halving_data.csv), model y ~ rcs(gtv, 4) + age + bedc + hist.
## Run from the repository root:  Rscript tests/reference/resample_halving.R
suppressPackageStartupMessages(library(rms))
out <- "tests/reference"
w <- function(x, name) write.csv(x, file.path(out, name), row.names = FALSE)
hi <- function(x) trimws(formatC(x, digits = 17, format = "g"))
num_frame <- function(m) as.data.frame(lapply(as.data.frame(m), function(col) hi(col)), check.names = FALSE)

d <- read.csv(file.path(out, "resample_halving_data.csv"))
d$hist <- relevel(factor(d$hist), ref = "squamous")
d$bedc <- cut(d$bed, c(-Inf, 60, 73, Inf), right = TRUE)
dd <- datadist(d); options(datadist = "dd")
fit <- lrm(y ~ rcs(gtv, 4) + age + bedc + hist, data = d, x = TRUE, y = TRUE)
w(num_frame(data.frame(y = fit$y, fit$x, check.names = FALSE)), "resample_design_halving.csv")
w(do.call(rbind, lapply(seq_along(fit$assign), function(k)
  data.frame(factor = fit$Design$name[k], column = fit$assign[[k]] - 2))), "resample_factors_halving.csv")

set.seed(2)
v <- validate(fit, B = 100)
m <- unclass(v)
w(data.frame(index = rownames(m), num_frame(m[, 1:6]), check.names = FALSE), "resample_halving_validate_seed2.csv")

## Which of the 100 samples lrm.fit fails on, fitted one by one from the same draws.
set.seed(2)
failed <- sapply(1:100, function(b) { i <- sample(nrow(d), replace = TRUE); isTRUE(lrm.fit(fit$x[i, ], fit$y[i])$fail) })
w(data.frame(replicate = which(failed)), "resample_halving_failed.csv")
