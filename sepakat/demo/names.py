"""Deterministic, Indonesian-sounding place names for the synthetic province.

The names are assembled from syllables and common toponym words (Sumber, Karang, Tanjung,
...), so they read like places in Java, Sumatra or Nusa Tenggara without being any real
place: a name is only unique inside its parent, as in the real lists.
"""

from __future__ import annotations

import numpy as np

# Words that begin many real toponyms ("Sumberrejo", "Karanganyar", "Tanjung Priok").
_FIRST_WORDS = (
    "Sumber",
    "Karang",
    "Tanjung",
    "Sungai",
    "Batu",
    "Pasir",
    "Bukit",
    "Teluk",
    "Air",
    "Lubuk",
    "Muara",
    "Padang",
    "Kali",
    "Pondok",
    "Tegal",
    "Cilik",
    "Wono",
    "Suka",
    "Banyu",
    "Rawa",
    "Gunung",
    "Kebon",
    "Sawah",
    "Ranu",
    "Lembah",
    "Watu",
    "Kuala",
    "Pulau",
)
# Words that end them ("Sukamaju", "Sumberjaya", "Karangrejo", "Wonosari").
_LAST_WORDS = (
    "Jaya",
    "Makmur",
    "Mulya",
    "Rejo",
    "Agung",
    "Baru",
    "Indah",
    "Asri",
    "Sari",
    "Harjo",
    "Mukti",
    "Sejahtera",
    "Tengah",
    "Lestari",
    "Damai",
    "Permai",
    "Raya",
    "Kencana",
    "Utama",
    "Mekar",
    "Wangi",
    "Luhur",
    "Rahayu",
    "Subur",
    "Maju",
    "Tani",
    "Kerta",
    "Arum",
    "Mulyo",
)
# Compass words used to tell apart neighbours of the same name ("Lor", "Kidul").
_DIRECTION_WORDS = ("Lor", "Kidul", "Wetan", "Kulon", "Timur", "Barat", "Utara", "Selatan")
# Syllables for single-word names ("Kalisoro", "Gedompol", "Pandanwangi").
_ONSETS = (
    "ka",
    "ra",
    "ta",
    "ma",
    "ja",
    "sa",
    "pa",
    "ba",
    "wa",
    "la",
    "nga",
    "ko",
    "to",
    "so",
    "mo",
    "lo",
    "ke",
    "se",
    "me",
    "ge",
    "gu",
    "ku",
    "su",
    "tu",
    "pu",
    "bu",
    "di",
    "ti",
    "si",
    "ri",
    "wi",
    "ngi",
    "mba",
    "nda",
    "ndo",
)
# Inside a word only nasals close a syllable ("Pandan", "Kembang"); at its end more may.
_INNER_CODAS = ("", "", "", "", "n", "ng", "m")
_FINAL_CODAS = ("", "", "", "n", "ng", "r", "k", "t", "s", "l")


def _word(rng: np.random.Generator, syllables: int) -> str:
    parts = [str(rng.choice(_ONSETS)) + str(rng.choice(_INNER_CODAS)) for _ in range(syllables - 1)]
    parts.append(str(rng.choice(_ONSETS)) + str(rng.choice(_FINAL_CODAS)))
    return "".join(parts).capitalize()


def _one_name(rng: np.random.Generator) -> str:
    style = rng.integers(0, 10)
    if style < 4:
        return f"{rng.choice(_FIRST_WORDS)} {rng.choice(_LAST_WORDS)}"
    if style < 6:
        return f"{rng.choice(_FIRST_WORDS)}{str(rng.choice(_LAST_WORDS)).lower()}"
    if style < 9:
        return _word(rng, int(rng.integers(2, 4)))
    return f"{_word(rng, 2)} {rng.choice(_DIRECTION_WORDS)}"


def unique_names(
    rng: np.random.Generator, count: int, *, taken: set[str] | None = None
) -> list[str]:
    """``count`` different names, none already in ``taken`` (which is updated).

    >>> rng = np.random.Generator(np.random.PCG64(1))
    >>> names = unique_names(rng, 3)
    >>> len(set(names))
    3
    """
    used = taken if taken is not None else set()
    names: list[str] = []
    while len(names) < count:
        name = _one_name(rng)
        if name in used or len(name) > 24:
            continue
        used.add(name)
        names.append(name)
    return names
