"""Vocabularies for the identifier matcher (casereview.text.redact).

Kept apart from the matching code so the lists can be reviewed and extended on their
own. Every word is lower case; the matcher compares case-folded text.
"""

from __future__ import annotations

import re

#: Restricted identifier kinds (reviews.models.IdentifierKind) and "pseudonym", which
#: marks a value never to report.
KINDS = ("name", "date_of_birth", "address", "school", "record_number", "other")
KIND_ALIASES = {
    "name": "name", "dob": "date_of_birth", "date_of_birth": "date_of_birth", "date of birth": "date_of_birth",
    "address": "address", "school": "school", "nursery": "school", "record_number": "record_number",
    "record number": "record_number", "record": "record_number", "other": "other", "pseudonym": "pseudonym",
}  # fmt: skip

#: Name parts that are also everyday words: a hit only where the text writes them as a
#: name (capitalised mid-sentence, after a title or relationship word, next to another
#: part of the same person's name), so "we hope" and "concerns rose" are not hits.
EVERYDAY_NAMES = frozenset(
    """hope grace will rose joy bright faith charity patience mercy precious blessing honour honor
    amber ruby daisy holly lily iris ivy poppy summer autumn dawn april may june sky storm river rain
    hunter mason bill mark pat sue jack frank grant victor earl reed guy ray dale glen heath chase
    lance miles max sunny star angel hazel jade pearl crystal ginger honey sandy robin jay wren sage
    rowan ash bear fox wolf true noble royal duke king prince marshall sterling major destiny harmony
    melody liberty justice verity hero brook brooke lark fern willow violet jasmine olive
    brown white green black grey gray young long short little small hall wood hill field fields bell
    baker cook turner walker wall ward rice stone moss bush lane street church bird swan lamb fish day
    knight bishop parsons cross cash best sharp sweet moody wise hardy strong fair free case hand head
    kind child friend love care price page post banks waters rivers woods marsh pool house lord lee
    gold silver rich power bond booth carter able cotton mills shepherd singer""".split()
)

#: Words before a name that show it is one: titles and family or relationship words.
NAME_CUES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lady lord rev revd master baby little young
    mother father mum mummy mom dad daddy grandmother grandfather grandma grandad granddad grandpa
    nan nana nanna gran granny grandparent auntie aunty aunt uncle brother sister cousin son daughter
    niece nephew stepfather stepmother stepdad stepmum partner boyfriend girlfriend husband wife
    child named called""".split()
)

#: After a sentence-initial everyday word, these verbs show a person is the subject
#: ("Hope told the worker ..."), where "Hope was expressed" stays ambiguous and is not a hit.
PERSON_VERBS = frozenset(
    """said says told tells asked asks rang rings phoned called explained explains reported disclosed
    disclosed agreed refused attended missed went visited denied admitted described felt feels wanted
    wants cried screamed shouted texted emailed wrote signed""".split()
)

#: Formal titles for the "possible name" rule (names written with a title that are not
#: the pseudonym). Relationship words are left out: "Mother A" is already anonymised.
TITLED_NAME_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Rev|Revd)\.?[ \t]+"
    r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)*(?:[ \t]+[A-Z][a-z]+(?:-[A-Z][a-z]+)*)?"
)

#: Capitalised words that are frequent at the start of a sentence in a briefing and sit
#: at edit distance 1 from plausible names; a near miss at a sentence start is not
#: reported when it is one of these.
COMMON_SENTENCE_WORDS = frozenset(
    """carer carers court mother father there these those where which while after other their staff
    nurse nurses panel house hours water later early three seven eight since still about above below
    under could would should might never every whose world words works worker worked""".split()
)

#: Street words and their abbreviations: "Fenwick Rd" is "Fenwick Road".
STREET_WORDS: dict[str, tuple[str, ...]] = {
    "road": ("road", "rd"), "street": ("street", "st"), "avenue": ("avenue", "ave", "av"), "lane": ("lane", "ln"),
    "close": ("close", "cl"), "drive": ("drive", "dr"), "crescent": ("crescent", "cres", "cresc"),
    "gardens": ("gardens", "gdns"), "court": ("court", "ct"), "place": ("place", "pl"),
    "terrace": ("terrace", "terr", "ter"), "grove": ("grove", "gr"), "square": ("square", "sq"),
    "park": ("park", "pk"), "row": ("row",), "way": ("way",), "walk": ("walk",), "mews": ("mews",),
    "hill": ("hill",), "rise": ("rise",), "view": ("view",), "green": ("green",), "parade": ("parade", "pde"),
    "boulevard": ("boulevard", "blvd"), "mount": ("mount", "mt"), "wharf": ("wharf",), "yard": ("yard",),
    "fold": ("fold",), "gate": ("gate",), "vale": ("vale",), "croft": ("croft",), "meadow": ("meadow",),
    "meadows": ("meadows",), "estate": ("estate",), "highway": ("highway",), "hollow": ("hollow",),
}  # fmt: skip
#: A house-name segment of an address is not distinctive when it is only one of these and a number.
FLAT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "maisonette"})

#: Generic words that end a school's name: "Hollybank Primary School" is found as
#: "Hollybank Primary" and "Hollybank".
SCHOOL_TAIL_WORDS = frozenset(
    """school schools primary infant infants junior juniors nursery nurseries academy college high secondary
    community free grammar federation centre center day pre-school preschool pre children's childrens
    catholic rc ce c of e church england cofe methodist infant's upper lower middle studio sixth form
    trust foundation technology sports arts specialist special""".split()
)
#: Words that make an identifier line a school when no kind is given.
SCHOOL_WORDS_RE = re.compile(r"\b(?:school|nursery|academy|college|primary|infants?|juniors?|pre-?school|children's\s+centre)\b", re.I)
