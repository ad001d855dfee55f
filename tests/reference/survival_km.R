# Reference values for nomo::survival::kaplan_meier and nomo::survival::log_rank (tests/survival/).
# Run from the repository root: Rscript tests/reference/survival_km.R
# Data sets: the rms-spec example cohort (n = 150, by sex), survival::aml (by arm, tied times),
# survival::veteran (4 cell types; stratified log-rank by prior therapy) and a small hand-made set
# whose curve reaches 0 and whose median sits exactly on S = 0.5.
suppressPackageStartupMessages(library(survival))
out <- "tests/reference"
fmt <- function(d) { for (j in seq_along(d)) if (is.numeric(d[[j]])) d[[j]] <- sprintf("%.17g", d[[j]]); d }
w <- function(d, name) write.csv(fmt(d), file.path(out, name), row.names = FALSE, quote = TRUE)

ex <- read.csv("tests/reference/spline_rms_example_data.csv")  # = rms-spec rms_example_data.csv
# Group c is the survmean demo: six events at distinct times, median = midpoint (13 + 14) / 2.
handmade <- data.frame(time = c(1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 11:16),
                       status = c(1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, rep(1, 6)),
                       group = c(rep("a", 6), rep("b", 6), rep("c", 6)))
vet <- survival::veteran
sets <- list(
  example = data.frame(time = ex$time, status = ex$status, group = as.character(ex$sex), stratum = "all"),
  aml = data.frame(time = aml$time, status = aml$status, group = as.character(aml$x), stratum = "all"),
  veteran = data.frame(time = vet$time, status = vet$status, group = as.character(vet$celltype),
                       stratum = as.character(vet$prior)),
  handmade = data.frame(handmade, stratum = "all"))
input <- do.call(rbind, lapply(names(sets), function(s) data.frame(dataset = s, sets[[s]])))
w(input, "survival_km_input.csv")

curves <- list(); medians <- list(); at <- list(); lr <- list(); lrg <- list()
for (s in names(sets)) {
  d <- sets[[s]]
  for (ct in c("log", "log-log", "plain")) {
    for (by in c("overall", "group")) {
      f <- if (by == "overall") survfit(Surv(time, status) ~ 1, data = d, conf.type = ct)
           else survfit(Surv(time, status) ~ group, data = d, conf.type = ct)
      grp <- if (by == "overall") rep("overall", length(f$time))
             else rep(sub("group=", "", names(f$strata)), f$strata)
      curves[[length(curves) + 1]] <- data.frame(dataset = s, conf_type = ct, group = grp, time = f$time,
        n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor, surv = f$surv,
        std_err = f$std.err, lower = f$lower, upper = f$upper)
      tab <- summary(f)$table
      if (is.null(dim(tab))) tab <- t(as.matrix(tab))
      medians[[length(medians) + 1]] <- data.frame(dataset = s, conf_type = ct,
        group = if (by == "overall") "overall" else sub("group=", "", rownames(tab)),
        n = tab[, "records"], events = tab[, "events"], median = tab[, "median"],
        lcl = tab[, "0.95LCL"], ucl = tab[, "0.95UCL"])
      if (ct == "log") {
        times <- as.numeric(quantile(d$time, c(0, 0.1, 0.5, 0.9))) + c(-1, 0.5, 0, 0.25)
        sm <- summary(f, times = times, extend = TRUE)
        at[[length(at) + 1]] <- data.frame(dataset = s,
          group = if (by == "overall") "overall" else sub("group=", "", as.character(sm$strata)),
          time = sm$time, surv = sm$surv, std_err_surv = sm$std.err, lower = sm$lower, upper = sm$upper,
          n_risk = sm$n.risk)
      }
    }
  }
  sd <- survdiff(Surv(time, status) ~ group, data = d)
  lv <- sub("group=", "", names(sd$n))
  lr[[length(lr) + 1]] <- data.frame(dataset = s, stratified = 0, chisq = sd$chisq, df = length(lv) - 1,
    p = pchisq(sd$chisq, length(lv) - 1, lower.tail = FALSE))
  lrg[[length(lrg) + 1]] <- data.frame(dataset = s, stratified = 0, group = lv, n = as.numeric(sd$n),
    observed = sd$obs, expected = sd$exp, var_diag = diag(sd$var), var_first = sd$var[, 1])
  if (length(unique(d$stratum)) > 1) {
    ss <- survdiff(Surv(time, status) ~ group + strata(stratum), data = d)
    lr[[length(lr) + 1]] <- data.frame(dataset = s, stratified = 1, chisq = ss$chisq, df = length(lv) - 1,
      p = pchisq(ss$chisq, length(lv) - 1, lower.tail = FALSE))
    lrg[[length(lrg) + 1]] <- data.frame(dataset = s, stratified = 1, group = lv, n = as.numeric(ss$n),
      observed = rowSums(ss$obs), expected = rowSums(ss$exp), var_diag = diag(ss$var),
      var_first = ss$var[, 1])
  }
}
w(do.call(rbind, curves), "survival_km_curves.csv")
w(do.call(rbind, medians), "survival_km_medians.csv")
w(do.call(rbind, at), "survival_km_at_times.csv")
w(do.call(rbind, lr), "survival_logrank.csv")
w(do.call(rbind, lrg), "survival_logrank_groups.csv")
