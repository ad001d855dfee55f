# Reference values for nomo::stats::fisher_exact on r x c tables larger than the ones in
# stats_tests.R: sizes where enumerating every table with the observed margins is out of reach
# and R's FEXACT (network algorithm) answers in well under a second.
# Run from the repository root: Rscript tests/reference/stats_fisher_rxc.R
# Writes stats_fisher_rxc_tables.csv (case, row, col, count) and stats_fisher_rxc_results.csv
# (case, p = fisher.test's P, table_p = the observed table's probability given its margins).
out <- "tests/reference"
f17 <- function(v) sprintf("%.17g", v)
tables <- list(); res <- list()
add_case <- function(case, m) {
  tables[[length(tables) + 1]] <<- data.frame(case = case, row = rep(seq_len(nrow(m)), ncol(m)) - 1,
    col = rep(seq_len(ncol(m)), each = nrow(m)) - 1, count = as.vector(m))
  lp <- sum(lfactorial(rowSums(m))) + sum(lfactorial(colSums(m))) - lfactorial(sum(m)) - sum(lfactorial(m))
  p <- fisher.test(m, workspace = 2e8)$p.value
  res[[length(res) + 1]] <<- data.frame(case = case, p = f17(p), table_p = f17(exp(lp)))
}

# Random tables: cell probabilities from a Dirichlet-like draw, so that some tables are near
# independence (large P) and some far from it (tiny P).
set.seed(20261130)
random_table <- function(r, c, n, skew) {
  prob <- outer(rgamma(r, 2), rgamma(c, 2)) * matrix(rgamma(r * c, 1 / skew), r)
  matrix(rmultinom(1, n, as.vector(prob)), r)
}
sizes <- list(c(3, 5, 159), c(3, 5, 120), c(2, 8, 150), c(4, 4, 80), c(5, 5, 60), c(3, 7, 90),
              c(6, 3, 110), c(4, 6, 70), c(2, 12, 100), c(5, 4, 100))
for (k in seq_along(sizes)) {
  s <- sizes[[k]]
  for (skew in c(0.1, 1)) {
    m <- random_table(s[1], s[2], s[3], skew)
    m <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
    add_case(sprintf("r%dx%d_n%d_skew%g", nrow(m), ncol(m), sum(m), skew), m)
  }
}
# Many tables exactly as probable as the observed one (equal cells, equal margins): the tolerance
# decides which count.
add_case("equal_cells_3x4", matrix(4, 3, 4))
add_case("equal_cells_4x4", matrix(3, 4, 4))
# A table as probable as any with its margins: P = 1.
add_case("most_probable", matrix(c(5, 5, 5, 5, 5, 5, 5, 5, 5), 3))
# An empty row and an empty column (fisher.test keeps them; they change nothing).
add_case("empty_row", matrix(c(3, 0, 5, 2, 0, 1, 4, 0, 6), 3))
add_case("empty_column", matrix(c(3, 2, 1, 0, 0, 0, 4, 1, 7), 3))
# Tall and wide orientations of one table (the same P).
tall <- matrix(c(8, 2, 0, 1, 3, 6, 2, 2, 1, 0, 5, 4, 2, 7, 1), 5)
add_case("tall_5x3", tall)
add_case("wide_3x5", t(tall))
# Three rows and columns but 300 subjects: most completions are decided by bounds, not listed.
add_case("r3x3_n300", matrix(c(30, 40, 25, 35, 30, 45, 28, 32, 35), 3))
# Extreme association: P far in the tail.
add_case("diagonal_4x4", diag(c(12, 9, 15, 10)) + 1)

write.csv(do.call(rbind, tables), file.path(out, "stats_fisher_rxc_tables.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, res), file.path(out, "stats_fisher_rxc_results.csv"), row.names = FALSE, quote = FALSE)
