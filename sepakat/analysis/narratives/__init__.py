"""Short plain-language readings of the numbers, in the active language.

Every sentence is one translatable string with named placeholders; a narrative is a few
whole sentences, never a sentence glued from translated pieces. The numbers come in
already computed; this module only chooses the sentence and formats the numbers.

Polarity decides whether a sentence may judge: a neutral indicator (polarity 0: the
poverty line, a sector's share of GRDP) gets the same facts in sentences that say higher
or lower, never better or worse.

Kind decides what a region is compared with: a count (the number of poor) or a money total
(PAD) grows with the size of the area, so it is never set against a larger area's level.
A count is told as its share of the larger area; a money total is pointed to its per capita
companion.

Significance: when both estimates carry a standard error, a difference ``d`` is called
significant at 95 % when ``|d| > 1.96 * sqrt(se1² + se2²)``. An estimate whose coefficient
of variation exceeds 25 % is flagged as unreliable (BPS practice).
"""

from __future__ import annotations

from sepakat.analysis.narratives.positions import *  # noqa: F403
from sepakat.analysis.narratives.sentences import *  # noqa: F403
