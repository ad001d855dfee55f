# Reference values for tests/nomogram: rms::nomogram axes, scales and patient points.
# Run from the repository root: Rscript tests/reference/nomogram_fixtures.R
suppressPackageStartupMessages(library(rms))
out <- function(x, name) write.csv(x, file.path("tests/reference", name), row.names = FALSE)
options(digits = 17)

# A model with every kind of term: rcs (4 knots), continuous, 3-level factor, cut-point factor and a
# numeric 0/1 column (rms treats <= 10 distinct values as discrete axis values).
set.seed(20261128)
n <- 220
d <- data.frame(
  marker = round(rnorm(n, 2.5, 1), 2),
  age = round(rnorm(n, 60, 10)),
  grp = sample(c("A", "B", "C"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2)),
  gtv = round(exp(rnorm(n, 2.3, 0.9)), 1),
  sex = rbinom(n, 1, 0.45))
d$gtvc <- cut(d$gtv, c(-Inf, 6, 28, Inf), right = FALSE)
eta <- -2 + 0.9 * sin(d$marker) + 0.03 * (d$age - 60) + 0.5 * (d$grp == "B") + 1.0 * (d$grp == "C") +
  0.6 * (d$gtvc == "[6,28)") + 1.2 * (d$gtvc == "[28, Inf)") + 0.4 * d$sex + 0.4 * d$marker
d$y <- rbinom(n, 1, plogis(eta))
out(d[, c("y", "marker", "age", "grp", "gtv", "sex")], "nomogram_data.csv")

dd <- datadist(d); options(datadist = "dd")
fit <- lrm(y ~ rcs(marker, 4) + age + grp + gtvc + sex, data = d)
nom <- nomogram(fit, fun = plogis)
info <- attr(nom, "info")

terms <- c("marker", "age", "grp", "gtvc", "sex")
axes <- do.call(rbind, lapply(terms, function(v) {
  a <- nom[[v]]
  data.frame(term = v, index = seq_along(a$points), points = a$points)
}))
out(axes, "nomogram_axes.csv")
out(data.frame(name = c("points_per_unit", "intercept", "n_terms"),
               value = c(info$sc, info$Intercept, length(terms))), "nomogram_scalars.csv")
scales <- rbind(
  data.frame(axis = "total", value = nom$total.points$x, points = nom$total.points$x),
  data.frame(axis = "lp", value = nom$lp$x.real, points = nom$lp$x),
  data.frame(axis = "risk", value = nom[[length(nom)]]$x.real, points = nom[[length(nom)]]$x))
out(scales, "nomogram_scales.csv")

# Patients: lp from predict() (R's own prediction), per-term points from uncentred term
# contributions as nomogram computes them, total points = (lp - Intercept') * sc.
patients <- data.frame(marker = c(1.2, 2.5, 3.9, 5.5, 0.3), age = c(45, 60, 71, 82, 38),
                       grp = c("A", "B", "C", "B", "A"), gtv = c(3.2, 10, 40, 6, 28),
                       sex = c(0, 1, 1, 0, 1))
patients$gtvc <- cut(patients$gtv, c(-Inf, 6, 28, Inf), right = FALSE)
lp <- predict(fit, newdata = patients)
tt <- predictrms(fit, newdata = patients, type = "terms", center.terms = FALSE)
for (v in terms) patients[[paste0("points_", v)]] <- (tt[, v] - info$R[1, v]) * info$sc
patients$total_points <- (lp - info$Intercept) * info$sc
patients$lp <- lp
patients$risk <- plogis(lp)
out(patients[, setdiff(names(patients), "gtvc")], "nomogram_patients.csv")

# A model with a probability axis given by the user (fun.at) and maxscale/nint changed.
nom2 <- nomogram(fit, fun = plogis, fun.at = c(0.05, 0.1, 0.25, 0.5, 0.75, 0.9), maxscale = 10, nint = 5)
info2 <- attr(nom2, "info")
out(rbind(
  data.frame(axis = "scalar", value = c(info2$sc, info2$Intercept), points = NA),
  data.frame(axis = "age", value = NA, points = nom2$age$points),
  data.frame(axis = "total", value = nom2$total.points$x, points = nom2$total.points$x),
  data.frame(axis = "lp", value = nom2$lp$x.real, points = nom2$lp$x),
  data.frame(axis = "risk", value = nom2[[length(nom2)]]$x.real, points = nom2[[length(nom2)]]$x)),
  "nomogram_options.csv")
