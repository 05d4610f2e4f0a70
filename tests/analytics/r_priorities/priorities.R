# Achievement, welfare-weighted deprivation and priority score of each indicator in
# spec.csv, with standard errors from R survey's svycontrast on svytotal of the underlying
# totals, for people.csv, under each lonely-PSU option.
#
#   Rscript priorities.R > values.csv
#
# README.md beside it says which R and survey made each committed file.
# Output: option, kab (empty for the whole sample), code, achievement, achievement_se,
# deprivation_weighted, deprivation_weighted_se, score, score_se (17 significant digits;
# the score's SE is NA where the target is reached and the score is 0).

suppressMessages(library(survey))

d <- read.csv("people.csv", colClasses = c(kab = "character", stratum = "character",
                                           psu = "character"))
spec <- read.csv("spec.csv", colClasses = "character")
d$one <- 1
for (i in seq_len(nrow(spec))) {
  s <- d[[spec$column[i]]]
  d[[paste0("ns", i)]] <- as.numeric(!is.na(s))
  d[[paste0("x", i)]] <- ifelse(is.na(s), 0, s)
  d[[paste0("q", i)]] <- ifelse(is.na(s), 0, (1 - s) / d$exp_pc)
}
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)

g <- function(x) sprintf("%.17g", x)
out <- list()
for (option in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = option)
  for (dom in c("", sort(unique(d$kab)))) {
    ds <- if (dom == "") des else subset(des, kab == dom)
    for (i in seq_len(nrow(spec))) {
      target <- as.numeric(spec$target[i])
      f <- as.formula(sprintf("~x%d + ns%d + q%d + exp_pc + one", i, i, i))
      tot <- suppressWarnings(svytotal(f, ds))
      names(tot) <- c("X", "NS", "Q", "Y", "N")
      a <- svycontrast(tot, quote(X / NS))
      dw <- svycontrast(tot, quote(Y / N * Q / NS))
      if (coef(a) < target) {
        sc <- svycontrast(tot, substitute(Y / N * Q / NS * (T - X / NS) / (1 - X / NS),
                                          list(T = target)))
        score <- coef(sc)
        score_se <- SE(sc)
      } else {
        score <- 0
        score_se <- NA
      }
      out[[length(out) + 1]] <- data.frame(
        option = option, kab = dom, code = spec$code[i],
        achievement = g(coef(a)), achievement_se = g(SE(a)),
        deprivation_weighted = g(coef(dw)), deprivation_weighted_se = g(SE(dw)),
        score = g(score), score_se = if (is.na(score_se)) "NA" else g(score_se))
    }
  }
}
write.csv(do.call(rbind, out), stdout(), row.names = FALSE)
