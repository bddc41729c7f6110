"""Similar learning: which items say the same thing as another, in other words.

Pure functions, no Django. An item's text becomes *terms*: lower-cased words with
stop words dropped, a few equivalent words made one (mum and mother), a light
stemmer (plurals, -ing, -ed) and pairs of adjacent words (so "voice of the child"
counts as more than its words). Two texts are compared with BM25: each term the
query shares with a candidate adds its inverse document frequency (rare words
such as "dog" weigh more than "practitioners"), saturated by how often it occurs
and discounted for long candidates; the sum is divided by the query's score
against itself, so 1.0 means "every term of the query, as often".

Document frequencies come from the caller: the library counts them in its
full-text index (`df` maps a *word* to the number of items containing it), an
in-memory `Corpus` counts them itself. A pair's weight is the larger of its two
words' weights, so only single words need counting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

# BM25's usual constants: k1 saturates repeated terms, b scales the length discount.
K1 = 1.2
B = 0.75
# Adjacent-word pairs count this much relative to a word of the same rarity.
PAIR_WEIGHT = 0.5

_WORD_RE = re.compile(r"a&e|[a-z0-9]+(?:['’][a-z]+)?")

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each either even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it its
itself just may me might more most must my myself no nor not now of off on once only or other others our
ours ourselves out over own per same shall she should so some such than that the their theirs them
themselves then there these they this those through to too under until up upon very was we were what
when where whether which while who whom whose why will with within without would yet you your yours
""".split())

# Words reviews use interchangeably for one idea, written as the word they become.
EQUIVALENTS = {
    "mum": "mother", "mums": "mother", "mothers": "mother", "maternal": "mother",
    "dad": "father", "dads": "father", "fathers": "father", "paternal": "father",
    "infant": "baby", "infants": "baby", "babies": "baby", "newborn": "baby", "newborns": "baby",
    "children": "child", "children's": "child", "child's": "child", "kids": "child",
    "men": "man", "women": "woman", "people": "person",
    "professionals": "practitioner", "professional": "practitioner", "practitioners": "practitioner",
    "staff": "practitioner", "workers": "practitioner", "worker": "practitioner",
    "doctor": "gp", "doctors": "gp", "gps": "gp",
    "teenager": "adolescent", "teenagers": "adolescent", "teenage": "adolescent", "adolescents": "adolescent",
    "bruise": "bruising", "bruises": "bruising", "bruised": "bruising",
    "drinking": "alcohol", "drink": "alcohol", "drunk": "alcohol",
    "violence": "abuse", "violent": "abuse",
    "pets": "pet", "dogs": "dog",
    "home": "household", "house": "household", "households": "household",
    "grandmother": "grandparent", "grandfather": "grandparent", "grandparents": "grandparent",
    "grandma": "grandparent", "nan": "grandparent",
    "relatives": "family", "relative": "family", "families": "family",
    "boyfriend": "partner", "girlfriend": "partner", "partners": "partner",
    "curiosity": "curious", "inquisitive": "curious",
    "a&e": "emergency",
}


def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, -ly; a final e goes so share/shared/sharing agree."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopping -> stop
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(word as written, term) for each content word, in order: the word is what an index can count."""
    out = []
    for word in _WORD_RE.findall(text.lower().replace("’", "'")):
        if word in STOP_WORDS:
            continue
        canonical = EQUIVALENTS.get(word, word)
        out.append((word, stem(canonical)))
    return out


def terms(text: str) -> Counter[str]:
    """The text's terms with counts: stemmed words and "a b" pairs of adjacent content words."""
    stems = [term for _, term in words(text)]
    counted = Counter(stems)
    counted.update(f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False) if a != b)
    return counted


def content_words(text: str) -> dict[str, str]:
    """Each term of the text's single words and one word as written for it (to count in an index)."""
    out: dict[str, str] = {}
    for word, term in words(text):
        out.setdefault(term, word)
    return out


@dataclass(frozen=True)
class Weights:
    """Inverse document frequency of terms, from word counts over `documents` items."""

    documents: int
    frequency: Callable[[str], int]  # term -> number of items holding it

    def idf(self, term: str) -> float:
        if " " in term:
            left, right = term.split(" ", 1)
            return PAIR_WEIGHT * max(self.idf(left), self.idf(right))
        df = min(self.frequency(term), self.documents)
        # BM25's idf, floored so that a word in most items still counts a little.
        return max(math.log(1 + (self.documents - df + 0.5) / (df + 0.5)), 0.01)


def bm25(query: Counter[str], document: Counter[str], weights: Weights, *, average_length: float,
         idf: Mapping[str, float] | None = None) -> float:
    """BM25 of `document` for the terms of `query` (each query term counted once)."""
    length = sum(document.values())
    norm = K1 * (1 - B + B * length / max(average_length, 1.0))
    total = 0.0
    for term in query:
        tf = document.get(term, 0)
        if tf:
            weight = idf[term] if idf is not None else weights.idf(term)
            total += weight * tf * (K1 + 1) / (tf + norm)
    return total


def rank(query_text: str, candidates: Iterable[tuple[object, str]], weights: Weights, *,
         limit: int = 5, minimum: float = 0.0) -> list[tuple[object, float]]:
    """The `limit` candidates most similar to `query_text`, best first, as (key, score in 0..1).

    Scores are BM25 against the query's own score, so they compare across queries;
    candidates below `minimum` are left out. Ties keep the candidates' order.
    """
    query = terms(query_text)
    if not query:
        return []
    documents = [(key, terms(text)) for key, text in candidates]
    if not documents:
        return []
    idf = {term: weights.idf(term) for term in query}
    average = sum(sum(d.values()) for _, d in documents) / len(documents)
    best = bm25(query, query, weights, average_length=average, idf=idf)
    if best <= 0:
        return []
    scored = [(key, bm25(query, doc, weights, average_length=average, idf=idf) / best) for key, doc in documents]
    scored = [(key, score) for key, score in scored if score > minimum]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


class Corpus:
    """Item texts held in memory with their term counts: for evaluation and for grouping a whole library."""

    def __init__(self, texts: Iterable[tuple[object, str]]):
        self.keys: list[object] = []
        self.terms: list[Counter[str]] = []
        self.df: Counter[str] = Counter()
        for key, text in texts:
            counted = terms(text)
            self.keys.append(key)
            self.terms.append(counted)
            self.df.update(t for t in counted if " " not in t)
        self.weights = Weights(len(self.keys), self.df.__getitem__)
        total = sum(sum(t.values()) for t in self.terms)
        self.average_length = total / len(self.terms) if self.terms else 1.0
        self._postings: dict[str, list[int]] = {}
        for position, counted in enumerate(self.terms):
            for term in counted:
                if " " not in term:
                    self._postings.setdefault(term, []).append(position)

    def similarity(self, a: int, b: int) -> float:
        """Symmetric similarity of two held items: the mean of each scored as the other's query."""
        scores = []
        for q, d in ((a, b), (b, a)):
            query = self.terms[q]
            best = bm25(query, query, self.weights, average_length=self.average_length)
            scores.append(bm25(query, self.terms[d], self.weights, average_length=self.average_length) / best
                          if best else 0.0)
        return sum(scores) / 2

    def candidates(self, position: int, *, rarest: int = 8) -> set[int]:
        """Items sharing at least one of the item's `rarest` words (the library asks its index the same)."""
        # Words in more than 2% of items (at least 20) propose no candidates: they would make every item a
        # candidate of every other, and learning said again shares rarer words than those.
        common = max(20, len(self.keys) // 50)
        words_of = sorted((t for t in self.terms[position] if " " not in t and self.df[t] <= common),
                          key=lambda t: self.df[t])[:rarest]
        found: set[int] = set()
        for term in words_of:
            found.update(self._postings.get(term, ()))
        found.discard(position)
        return found


def recurring_groups(corpus: Corpus, *, eligible: Callable[[int, int], bool], threshold: float,
                     rarest: int = 8) -> list[list[int]]:
    """Groups of held items that say the same thing: linked when their similarity reaches `threshold`.

    A group is a link's connected component, but an item joins a group only if it is
    similar enough to the group's first item (its most linked), so chains of
    loosely related items do not merge into one big group. `eligible(a, b)` says
    whether a pair may be linked (the library links only items of different reviews).
    """
    links: dict[int, list[tuple[float, int]]] = {}
    for a in range(len(corpus.keys)):
        for b in corpus.candidates(a, rarest=rarest):
            if b <= a or not eligible(a, b):
                continue
            score = corpus.similarity(a, b)
            if score >= threshold:
                links.setdefault(a, []).append((score, b))
                links.setdefault(b, []).append((score, a))
    placed: set[int] = set()
    groups = []
    for centre in sorted(links, key=lambda p: (-len(links[p]), p)):
        if centre in placed:
            continue
        members = [centre] + [b for _, b in sorted(links[centre], reverse=True) if b not in placed]
        placed.update(members)
        groups.append(members)
    return groups
