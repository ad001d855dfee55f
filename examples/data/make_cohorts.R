# Synthetic cohorts shaped like the seed paper's (hypo-fractionated RT for brain metastases,
# outcome: tumour recurrence vs pseudo-progression). Not patient data: every value is drawn here
# with a fixed seed so the files are reproducible.
#
# Run from the repository root:  Rscript examples/data/make_cohorts.R
# Writes examples/data/cohort_training.csv (n = 123) and examples/data/cohort_validation.csv (n = 23).

set.seed(20240613)

make_cohort <- function(n, id_start) {
  age <- round(pmin(pmax(rnorm(n, 56, 10), 28), 82))
  sex <- ifelse(runif(n) < 0.55, "female", "male")
  kps <- sample(c(60, 70, 80, 90, 100), n, replace = TRUE, prob = c(.05, .15, .35, .30, .15))
  primary <- sample(c("lung", "breast", "other"), n, replace = TRUE, prob = c(.70, .12, .18))
  gtv_cc <- round(exp(rnorm(n, log(8.4), 1.1)), 1)
  gtv_cc <- pmin(pmax(gtv_cc, 0.1), 125.8)
  # BED10 of common HFRT schedules (median about 73 Gy), with some spread.
  bed_gy <- round(pmin(pmax(rnorm(n, 72.8, 14), 39), 152), 1)
  tc <- round(pmin(1, 1 - rbeta(n, 1.2, 30)), 3)
  pitv <- round(1 + rgamma(n, 4, 20), 2)
  paddick_ci <- round(pmin(tc^2 / pitv, 0.99), 3)
  hi <- round(1.05 + rgamma(n, 3, 30), 3)
  gi <- round(2.4 + rgamma(n, 3, 4) - 0.02 * log(gtv_cc), 2)
  ddz_dmean_gy <- round(bed_gy * runif(n, 0.92, 1.12) + rnorm(n, 0, 3), 1)
  ddz_v95 <- round(pmin(100, 100 * rbeta(n, 12, 2)), 1)
  brain_dmean_gy <- round(rgamma(n, 4, 1.3) + 0.02 * gtv_cc, 2)
  brain_v30_cc <- round(pmax(0, 4 * gtv_cc^0.8 * runif(n, 0.5, 1.5)), 1)

  # Recurrence risk follows the paper's associations: GTV >= 6 cc, BED < 60 Gy, TC < 0.96.
  eta <- -1.85 + 0.9 * (gtv_cc >= 6) + 0.6 * (gtv_cc >= 28) + 1.1 * (bed_gy < 60) -
    0.4 * (bed_gy >= 73) + 0.9 * (tc < 0.96) + 0.015 * (age - 56) - 0.3 * (primary == "breast")
  recurrence <- as.integer(runif(n) < plogis(eta))

  # Overall survival: shorter after recurrence and with low KPS; administrative censoring.
  rate <- 1 / 70 * exp(0.55 * recurrence - 0.02 * (kps - 80))
  t_event <- rexp(n, rate)
  t_cens <- runif(n, 8.9, 146.2)
  os_months <- round(pmin(t_event, t_cens), 1)
  death <- as.integer(t_event <= t_cens)

  d <- data.frame(id = id_start + seq_len(n) - 1L, recurrence, age, sex, kps, primary, gtv_cc,
                  bed_gy, tc, pitv, paddick_ci, hi, gi, ddz_dmean_gy, ddz_v95, brain_dmean_gy,
                  brain_v30_cc, os_months, death)
  # A few missing values, as in real registries (never in the outcome or the model terms'
  # key dose columns, so complete-case fits keep most rows).
  d$kps[sample(n, 2)] <- NA
  d$pitv[sample(n, 1)] <- NA
  d$brain_v30_cc[sample(n, 2)] <- NA
  d$age[sample(n, 1)] <- NA
  d
}

training <- make_cohort(123, 1L)
validation <- make_cohort(23, 124L)

# Prior targeted therapy, drawn last with its own seed so that every column above keeps its values
# (fixtures under tests/reference read these files). It is drawn given the outcome, so that its
# odds ratio for recurrence is about 0.3 as in the paper (0.30, 95 % CI 0.12-0.72).
set.seed(20261128)
add_targeted <- function(d) {
  p <- ifelse(d$recurrence == 1, 0.25, 0.52)
  d$targeted_therapy <- ifelse(runif(nrow(d)) < p, "yes", "no")
  d
}
training <- add_targeted(training)
validation <- add_targeted(validation)
write.csv(training, "examples/data/cohort_training.csv", row.names = FALSE, na = "NA")
write.csv(validation, "examples/data/cohort_validation.csv", row.names = FALSE, na = "NA")
cat("training events:", sum(training$recurrence), "of", nrow(training), "\n")
cat("validation events:", sum(validation$recurrence), "of", nrow(validation), "\n")
