# Reference for tests/model/*: what R / rms make of a small cohort with missing values.
# Run from the repository root: Rscript tests/reference/frame_fixtures.R
# Writes
#  frame_fixtures_data.csv      the cohort (n = 60; NA in age, bmk and grp; gtv values on the cut points)
#  frame_fixtures_design.csv    lrm(x = TRUE)$x of y ~ rcs(bmk, 4) + age + grp + sex + gtv + stage + smoker, with
#                               the source row (1-based) of each complete case; rms column names
#  frame_fixtures_right.csv     model.matrix of cut(gtv, right = TRUE) + relevel(grp, "C") + factor(stage)
#  frame_fixtures_knots.csv     rcs knots of bmk inside the model, and with 3 / 5 knots
#  frame_fixtures_datadist.csv  datadist limits on the full table and on the complete cases
#  frame_fixtures_levels.csv    sort() order of labels, as.character() of numbers, cut() labels
suppressPackageStartupMessages(library(rms))
out <- function(x, name) write.csv(x, file.path("tests/reference", name), row.names = FALSE)

set.seed(20261128)
n <- 60
d <- data.frame(
  y = rbinom(n, 1, 0.4),
  age = round(rnorm(n, 60, 10)),
  bmk = round(rlnorm(n, 1, 0.5), 3),
  grp = sample(c("A", "B", "C"), n, replace = TRUE),
  sex = sample(c("female", "male"), n, replace = TRUE),
  gtv = round(rlnorm(n, 2.3, 0.9), 1),
  stage = sample(1:3, n, replace = TRUE, prob = c(0.5, 0.3, 0.2)),
  stringsAsFactors = FALSE)
d$smoker <- rbinom(n, 1, 0.3)  # numeric 0/1: one column named "smoker", as R names it
d$gtv[c(3, 17)] <- 6    # on the cut points: [6,28) vs (-Inf,6] decides
d$gtv[c(8, 41)] <- 28
d$age[c(5, 22, 37)] <- NA
d$bmk[c(11, 50)] <- NA
d$grp[c(29)] <- NA
out(d, "frame_fixtures_data.csv")

# The frame as rms builds it: factors for labels, cut at 6 and 28 with [a,b) intervals.
f <- d
f$grp <- factor(f$grp)
f$sex <- factor(f$sex)
f$gtv <- cut(d$gtv, c(-Inf, 6, 28, Inf), right = FALSE)
f$stage <- factor(f$stage)
fit <- lrm(y ~ rcs(bmk, 4) + age + grp + sex + gtv + stage + smoker, data = f, x = TRUE, y = TRUE)
design <- data.frame(row = as.integer(rownames(fit$x)), fit$x, check.names = FALSE)
out(design, "frame_fixtures_design.csv")

right <- model.matrix(~ cut(gtv, c(-Inf, 6, 28, Inf)) + relevel(factor(grp), "C") + factor(stage), data = d)
right <- data.frame(row = as.integer(rownames(right)), right[, -1], check.names = FALSE)
names(right) <- c("row", "gtv=(6,28]", "gtv=(28,Inf]", "grp=A", "grp=B", "stage=2", "stage=3")
out(right, "frame_fixtures_right.csv")

knots <- rbind(
  data.frame(model = "rcs4_in_model", k = seq_along(fit$Design$parms$bmk), knot = fit$Design$parms$bmk),
  data.frame(model = "rcs3", k = 1:3, knot = rcspline.eval(d$bmk, nk = 3, knots.only = TRUE)),
  data.frame(model = "rcs5", k = 1:5, knot = rcspline.eval(d$bmk, nk = 5, knots.only = TRUE)))
knots$knot <- sprintf("%.17g", knots$knot)  # all digits: knots are compared exactly
out(knots, "frame_fixtures_knots.csv")

limits <- function(dd, source) {
  rows <- list()
  for (v in c("bmk", "age", "gtv_num", "smoker")) {
    l <- dd$limits[[v]]
    rows[[v]] <- data.frame(source = source, variable = v,
                            statistic = rownames(dd$limits), value = sprintf("%.17g", as.numeric(l)))
    vals <- dd$values[[v]]
    if (length(vals)) rows[[paste(v, "values")]] <-
      data.frame(source = source, variable = v, statistic = paste0("value", seq_along(vals)),
                 value = sprintf("%.17g", vals))
  }
  for (v in c("grp", "sex", "gtv", "stage")) {
    rows[[v]] <- data.frame(source = source, variable = v, statistic = "Adjust to",
                            value = as.character(dd$limits["Adjust to", v]))
  }
  do.call(rbind, rows)
}
g <- f
g$gtv_num <- d$gtv
complete <- complete.cases(d)
out(rbind(limits(datadist(g), "all"), limits(datadist(g[complete, ]), "complete")), "frame_fixtures_datadist.csv")

labels <- c("b", "A", "a", "C", "B10", "B9", "_x", "Ab", "a b", "a-b", "a.b", "a_b", "1a", "~a",
            "|a", "$a", "zeta", "Zeta", "T2", "t2", "T10", "N+", "N-", "N0", "(x)", "[x]", "x#", "x%")
numbers <- c(70, 0.5, 1e5, 123456, 0.1 + 0.2, 1 / 3, 1e-20, 2.5e-5, 100, -3.25, 1e15, 123456789012)
breaks <- list(c(6, 28), c(6.25, 12.345), c(1000, 2000), c(0.001, 0.0015), c(1.0001, 1.0002))
cut_labels <- do.call(rbind, lapply(seq_along(breaks), function(i) {
  rbind(data.frame(kind = "cut_left", key = i, text = levels(cut(0, c(-Inf, breaks[[i]], Inf), right = FALSE))),
        data.frame(kind = "cut_right", key = i, text = levels(cut(0, c(-Inf, breaks[[i]], Inf), right = TRUE))))
}))
out(rbind(data.frame(kind = "sorted", key = seq_along(labels), text = sort(labels)),
          data.frame(kind = "number", key = sprintf("%.17g", numbers), text = as.character(numbers)),
          cut_labels), "frame_fixtures_levels.csv")

# datadist(data) on n > 200 rows: rms sets q.display = 10 / max(n, 200) at the first numeric column
# with at least 4 distinct values (dose, 257 non-missing) and keeps it for the later ones (age, 258),
# also for a model that does not use dose.
set.seed(7)
n2 <- 300
big <- data.frame(y = rbinom(n2, 1, 0.4), dose = round(rnorm(n2, 50, 8), 2), age = round(rnorm(n2, 60, 10), 1),
                  grp = sample(c("A", "B"), n2, replace = TRUE), stringsAsFactors = FALSE)
big$dose[sample(n2, 43)] <- NA
big$age[sample(n2, 42)] <- NA
out(big, "frame_fixtures_large_data.csv")
large_limits <- function(dd, source) {
  do.call(rbind, lapply(c("dose", "age"), function(v)
    data.frame(source = source, variable = v, statistic = rownames(dd$limits),
               value = sprintf("%.17g", as.numeric(dd$limits[[v]])))))
}
kept <- complete.cases(big[, c("y", "age")])  # the rows of a model y ~ age
big_f <- big
big_f$grp <- factor(big_f$grp)
out(rbind(large_limits(datadist(big_f), "all"), large_limits(datadist(big_f[kept, ]), "complete")),
    "frame_fixtures_large_datadist.csv")
