# Reference backward elimination by AIC (and BIC, k = log n) with R's step() on
# examples/data/cohort_training.csv (complete cases of the model's columns), plus a run with a term
# forced in through scope lower and a run with an aliased term: the path step()$anova and the final
# coefficients.
# Run from the repository root: Rscript tests/reference/select_step.R
suppressMessages(library(rms))
out_dir <- "tests/reference"
d <- read.csv("examples/data/cohort_training.csv")
d$sex <- factor(d$sex); d$primary <- factor(d$primary)
vars <- c("recurrence", "age", "sex", "kps", "primary", "gtv_cc", "bed_gy", "tc", "ddz_dmean_gy", "brain_v30_cc")
d <- d[complete.cases(d[, vars]), vars]
fmt <- function(v) sprintf("%.17g", v)
full <- glm(recurrence ~ age + sex + kps + primary + rcs(gtv_cc, 4) + bed_gy + tc + ddz_dmean_gy + brain_v30_cc,
            family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 50))
# kps2 = 2 kps is aliased: dropping either leaves the rank unchanged (Df 0), and step() drops the
# last such term before looking at AIC. (glm's QR tolerance is min(1e-7, epsilon / 1000): at
# epsilon 1e-14 it would not see the aliasing, so this run uses 1e-10.)
d$kps2 <- 2 * d$kps
aliased <- update(full, . ~ . + kps2, control = glm.control(epsilon = 1e-10, maxit = 50))
runs <- list(
  aic  = step(full, direction = "backward", trace = 0),
  bic  = step(full, direction = "backward", trace = 0, k = log(nrow(d))),
  keep = step(full, direction = "backward", trace = 0, scope = list(lower = ~ age + kps, upper = formula(full))),
  aliased = step(aliased, direction = "backward", trace = 0, k = log(nrow(d)))
)
path <- list(); final <- list()
for (name in names(runs)) {
  s <- runs[[name]]
  a <- s$anova
  removed <- sub("^- ", "", trimws(a$Step))
  removed <- sub("^rcs\\((\\w+).*", "\\1", removed)
  path[[name]] <- data.frame(run = name, step = seq_len(nrow(a)) - 1, removed = removed,
                             df = ifelse(is.na(a$Df), 0, abs(a$Df)), deviance = fmt(a$"Resid. Dev"), aic = fmt(a$AIC))
  final[[name]] <- data.frame(run = name, coefficient = names(coef(s)), estimate = fmt(coef(s)))
}
write.csv(d, file.path(out_dir, "select_step_data.csv"), row.names = FALSE)  # the rows step() used
write.csv(do.call(rbind, path), file.path(out_dir, "select_step_path.csv"), row.names = FALSE)
write.csv(do.call(rbind, final), file.path(out_dir, "select_step_final.csv"), row.names = FALSE)
cat("rows used:", nrow(d), "\n")
