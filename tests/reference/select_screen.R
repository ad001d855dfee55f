# Reference univariable screening on examples/data/cohort_training.csv: each candidate alone in
# glm(recurrence ~ term, binomial) on the rows complete for that term; per-column OR with Wald CI and
# P (summary.glm), the term's pooled Wald chi-square (b' V^-1 b, as rms anova) and its LR chi-square
# against the intercept-only glm on the same rows (anova(test = "LRT")).
# Run from the repository root: Rscript tests/reference/select_screen.R
suppressMessages(library(rms))
out_dir <- "tests/reference"
d <- read.csv("examples/data/cohort_training.csv")
d$sex <- factor(d$sex); d$primary <- factor(d$primary)
fmt <- function(v) sprintf("%.17g", v)
candidates <- c("age", "sex", "kps", "primary", "rcs(gtv_cc, 4)", "bed_gy", "tc", "ddz_dmean_gy")
z <- qnorm(0.975)
term_rows <- list(); column_rows <- list()
for (term in candidates) {
  variable <- all.vars(parse(text = term)[[1]])[1]
  dd <- d[!is.na(d[[variable]]), ]
  fit <- glm(as.formula(paste("recurrence ~", term)), family = binomial, data = dd,
             control = glm.control(epsilon = 1e-14, maxit = 50))
  null <- glm(recurrence ~ 1, family = binomial, data = dd)
  b <- coef(fit)[-1]; V <- vcov(fit)[-1, -1, drop = FALSE]
  wald <- drop(t(b) %*% solve(V, b))
  lr <- null$deviance - fit$deviance
  term_rows[[term]] <- data.frame(term = variable, df = length(b), rows = nrow(dd), events = sum(dd$recurrence),
    wald = fmt(wald), wald_p = fmt(pchisq(wald, length(b), lower.tail = FALSE)),
    lr = fmt(lr), lr_p = fmt(pchisq(lr, length(b), lower.tail = FALSE)))
  s <- summary(fit)$coefficients[-1, , drop = FALSE]
  column_rows[[term]] <- data.frame(term = variable, column = seq_len(nrow(s)) - 1,
    odds_ratio = fmt(exp(s[, 1])), lower = fmt(exp(s[, 1] - z * s[, 2])), upper = fmt(exp(s[, 1] + z * s[, 2])),
    p_value = fmt(s[, 4]))
}
write.csv(do.call(rbind, term_rows), file.path(out_dir, "select_screen_terms.csv"), row.names = FALSE)
write.csv(do.call(rbind, column_rows), file.path(out_dir, "select_screen_columns.csv"), row.names = FALSE)
