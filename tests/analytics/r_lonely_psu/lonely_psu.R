# Standard errors under each of R's lonely-PSU options, computed by R itself, for the
# test fixture survey.csv (strata with a single PSU, small domains, domains that cut PSUs).
#
#   Rscript lonely_psu.R > values.csv
#
# The script computes whatever the installed convey offers: convey 0.2.5 every measure but
# Sen and SST; convey 0.2.4 (the last with svysen/svysst, experimental there) those two. Run
# it once with each (R_LIBS pointing at the folder that holds it) and keep the rows of both.
# README.md beside it says which R, survey and convey made each committed file.
#
# Output: one row per option, level, domain and measure: option, kab, urban (empty where
# the level leaves them out), measure (sepakat's name), estimate, se. 17 significant digits.

suppressMessages({
  library(survey)
  library(convey)
})

LINE <- 430000

d <- read.csv("survey.csv", colClasses = c(kab = "character", stratum = "character",
                                           psu = "character", urban = "character"))
d$pw <- d$weight * d$hh_size                     # person weight = household weight x size
d$poor <- as.numeric(d$exp_pc <= LINE)           # convey's rule: poor if y <= line
des <- convey_prep(svydesign(ids = ~psu, strata = ~stratum, weights = ~pw, data = d,
                             nest = TRUE))

# Lorenz total: income of the poorest p*N persons, splitting the record that straddles
# p*N (the Palma ratio's point estimate).
lorenz_total <- function(y, w, p) {
  o <- order(y)
  y <- y[o]
  w <- w[o]
  before <- c(0, head(cumsum(w), -1))
  sum(pmin(pmax(p * sum(w) - before, 0), w) * y)
}

# Palma (Y - L(0.9)) / L(0.4), linearised as convey's svyqsr does the QSR: the tail totals
# by svyisq, combined by the delta method; variance by svyrecvar on the design it is given
# (in svyby: the domain's subset).
svypalma <- function(formula, design, ...) {
  y <- model.frame(formula, design$variables)[[1]]
  w <- weights(design)
  keep <- w > 0
  y <- y[keep]
  w <- w[keep]
  l40 <- lorenz_total(y, w, 0.4)
  l90 <- lorenz_total(y, w, 0.9)
  total <- sum(w * y)
  palma <- (total - l90) / l40
  s40 <- attr(svyisq(formula, design, alpha = 0.4), "lin")
  s90 <- attr(svyisq(formula, design, alpha = 0.9), "lin")
  lin <- (y - s90 - palma * s40) / l40
  v <- svyrecvar(lin / design$prob[keep], design$cluster[keep, , drop = FALSE],
                 design$strata[keep, , drop = FALSE],
                 list(sampsize = design$fpc$sampsize[keep, , drop = FALSE],
                      popsize = design$fpc$popsize), postStrata = design$postStrata)
  rval <- palma
  names(rval) <- "palma"
  attr(rval, "var") <- v
  attr(rval, "statistic") <- "palma"
  class(rval) <- c("cvystat", "svystat")
  rval
}

estimators <- list(
  fgt0 = function(f, ds) svyfgt(f, ds, g = 0, type_thresh = "abs", abs_thresh = LINE),
  fgt1 = function(f, ds) svyfgt(f, ds, g = 1, type_thresh = "abs", abs_thresh = LINE),
  fgt2 = function(f, ds) svyfgt(f, ds, g = 2, type_thresh = "abs", abs_thresh = LINE),
  watts = function(f, ds) svywatts(f, ds, type_thresh = "abs", abs_thresh = LINE),
  mean = function(f, ds) svymean(f, ds),
  gini = function(f, ds) svygini(f, ds),
  theil = function(f, ds) svygei(f, ds, epsilon = 1),
  mld = function(f, ds) svygei(f, ds, epsilon = 0),
  ge2 = function(f, ds) svygei(f, ds, epsilon = 2),
  atkinson0.5 = function(f, ds) svyatk(f, ds, epsilon = 0.5),
  atkinson1 = function(f, ds) svyatk(f, ds, epsilon = 1),
  median = function(f, ds) svyiqalpha(f, ds, alpha = 0.5),
  q0.1 = function(f, ds) svyiqalpha(f, ds, alpha = 0.1),
  q0.9 = function(f, ds) svyiqalpha(f, ds, alpha = 0.9),
  qsr = function(f, ds) svyqsr(f, ds),
  palma = function(f, ds) svypalma(f, ds)
)
if (exists("svysen")) {
  # convey 0.2.4: only the measures it alone has
  estimators <- list(
    sen = function(f, ds) svysen(f, ds, abs_thresh = LINE),
    sst = function(f, ds) svysst(f, ds, abs_thresh = LINE)
  )
} else {
  estimators$poor_count <- "svytotal"
}

levels <- list(list(), list("kab"), list("kab", "urban"))
out <- list()
row <- function(option, keys, measure, estimate, se) {
  data.frame(option = option, kab = keys$kab, urban = keys$urban, measure = measure,
             estimate = sprintf("%.17g", estimate), se = sprintf("%.17g", se))
}

for (option in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = option)
  for (name in names(estimators)) {
    fun <- estimators[[name]]
    formula <- if (identical(fun, "svytotal")) ~poor else ~exp_pc
    estimate_by <- if (identical(fun, "svytotal")) svytotal else function(f, ds, ...) fun(f, ds)
    for (by in levels) {
      if (length(by) == 0) {
        r <- suppressWarnings(estimate_by(formula, des))
        out[[length(out) + 1]] <- row(option, list(kab = "", urban = ""), name,
                                      coef(r)[[1]], SE(r)[[1]])
      } else {
        r <- suppressWarnings(svyby(formula, as.formula(paste("~", paste(by, collapse = "+"))),
                                    des, estimate_by, keep.names = FALSE))
        for (i in seq_len(nrow(r))) {
          keys <- list(kab = r$kab[i], urban = if ("urban" %in% by) r$urban[i] else "")
          out[[length(out) + 1]] <- row(option, keys, name, coef(r)[[i]], SE(r)[[i]])
        }
      }
    }
  }
}
write.csv(do.call(rbind, out), stdout(), row.names = FALSE)
