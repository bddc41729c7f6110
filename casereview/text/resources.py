"""Vocabularies and regular expressions used by the text engine, in one place.

Keeping every word list and pattern here (textacy style) means the behaviour of the
engine can be reviewed and tuned without reading the control flow, and the functions
in the other modules stay small and pure.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------

#: Default upper bound on an uploaded file. Callers (the library app) pass their own.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: A DOCX is a zip; refuse archives whose members expand beyond this many bytes ...
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: ... or whose expansion ratio is beyond what real Word documents reach.
DOCX_MAX_RATIO = 200
#: ... or that hold more parts than this (Word writes a few dozen; images add one each).
DOCX_MAX_MEMBERS = 5000
#: Review reports run to a few hundred pages; a page tree far longer is refused before any page
#: is read (a 600 KB PDF can list one page 100,000 times, which takes over ten seconds to read).
PDF_MAX_PAGES = 3000
#: Fewer letters and digits than this in a whole PDF (after OCR) means there is nothing to read.
MIN_PDF_TEXT_CHARS = 40
#: A page whose text layer has fewer letters and digits than this is a scan: it is OCR'd
#: (a running header or a page number alone does not make a scanned page a text page).
MIN_PDF_PAGE_TEXT_CHARS = 40
#: OCR: resolution pages are rendered at, Tesseract's language and page segmentation
#: mode (3: automatic layout, keeping blank lines between paragraphs), seconds per page.
OCR_DPI = 300
OCR_LANG = "eng"
OCR_PSM = 3
OCR_PAGE_TIMEOUT = 60
#: Tesseract's heavy noise reduction, for speckled low-resolution pages only: specks beside a small bullet
#: otherwise merge with it and the bullet is lost, but on a clean page it also drops a
#: colon's dots, and a lead-in ending ":" then reads as an item.
OCR_SPECKLED_OPTIONS = "-c textord_heavy_nr=1"
#: A page is speckled when more than this share of its side margins (the strips from 1%
#: to 5% of the width in from each edge, blank on a clean page) is dark.
OCR_SPECK_MARGIN_INK = 0.000002
#: ... and its scan below this resolution (at 300 dpi heavy reduction gained nothing
#: measured and still dropped a colon).
OCR_SPECKLED_MAX_DPI = 250
#: Text this many pixels (at OCR_DPI) or more right of a bullet: a line starting there lost its bullet.
OCR_BULLET_MIN_GAP = 12
#: Skew search before OCR: up to this many degrees either way, in steps of this size,
#: on a copy of the page this many pixels wide.
OCR_DESKEW_MAX_DEGREES = 4.0
OCR_DESKEW_STEP = 0.25
OCR_DESKEW_WIDTH = 800
#: A rendered page is kept under this many pixels (A4 at 300 dpi is 8.7 million).
OCR_MAX_PIXELS = 40_000_000
#: OCR runs while the user waits (there are no background jobs yet): refuse longer scans.
OCR_MAX_PAGES = 60
#: trafilatura drops very short pages; below this many characters fall back to lxml.
HTML_FALLBACK_CHARS = 200

SUPPORTED_SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".markdown")

# ---------------------------------------------------------------------------
# Character normalisation
# ---------------------------------------------------------------------------

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
    "\u0152": "OE",
    "\u0153": "oe",
}

QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}

HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2043": "-", "\u2212": "-"}

#: Characters that carry no text: zero-width spaces and joiners, byte-order marks.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\x02"
INVISIBLE_RE = re.compile(f"[{INVISIBLE_CHARS}]")

#: Soft hyphen (and the markers PDFium uses for it) at the end of a line.
SOFT_HYPHEN_CHARS = "\u00ad\ufffe\x02"
SOFT_HYPHEN_EOL_RE = re.compile(f"[{SOFT_HYPHEN_CHARS}][ \t]*\n")

# ---------------------------------------------------------------------------
# Lines: bullets, labels, page furniture, web chrome
# ---------------------------------------------------------------------------

#: Bullet glyphs and their usual OCR misreadings at the start of a line. A lone "e",
#: "o" or "«" followed by a capital is how OCR renders round bullets; none of them is
#: an English word that starts a sentence.
BULLET_RE = re.compile(
    r"^[ \t]*(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\u27a2\u27a4\u25ba\u2713\u2714"
    r"\uf0b7\uf0a7\uf0d8\uf076\uf0fc\u00ab\u00bb\u00a9\u00a2\u00ae*+>\-]"
    r"|[eo](?=[ \t]+[A-Z\"'(]))[ \t]+(?=\S)"
)

#: Numbered list markers that start a new item when they begin a line.
NUMBERED_RE = re.compile(r"^[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-hj-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))[ \t]+(?=\S)")

#: "Finding 3:", "Recommendation 2 -", "Learning point 1." and similar item labels.
LABEL_RE = re.compile(
    r"^(?:(?:key\s+)?(?P<word>finding|learning\s+point|learning|lesson(?:\s+learn[te]d?)?|recommendation|rec|"
    r"area\s+(?:of|for)\s+(?:learning|improvement)|point|action|message)s?"
    r"\s*(?:no\.?\s*)?(?P<num>\d{1,2}[a-z]?|[ivx]{1,5}|[a-z])?\s*[:.)\u2013\u2014-]\s*"
    r"|\(?\d{1,2}(?:\.\d{1,2})?[.)]\s+|\(?[a-hj-z][.)]\s+|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s+)",
    re.IGNORECASE,
)
LABEL_KIND = {"recommendation": "recommendation", "rec": "recommendation", "action": "recommendation"}

PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:-\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?\s*$", re.IGNORECASE
)
PAGE_WORD_RE = re.compile(r"^\s*page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)

#: Whole lines that are website furniture when a page is saved or copied as text.
CHROME_LINE_RE = re.compile(
    r"^\s*(?:skip\s+to\s+(?:main\s+)?content|skip\s+to\s+navigation|skip\s+navigation|back\s+to\s+top|"
    r"translate\s*[\u00bb>]?|select\s+language|accept(?:\s+all)?\s+cookies|reject(?:\s+all)?\s+cookies|"
    r"cookie\s+(?:settings|policy|preferences)|we\s+use\s+cookies.*|print\s+(?:this\s+)?page|"
    r"share\s+(?:this\s+)?page|share\s+on\s+\w+|menu|search|home|close|toggle\s+navigation|"
    r"you\s+are\s+here:?.*|breadcrumb.*)\s*$",
    re.IGNORECASE,
)

#: HTML elements and class/id fragments that are site chrome, for the lxml fallback.
CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe")
CHROME_ATTR_RE = re.compile(
    r"cookie|consent|banner|skip|nav|menu|breadcrumb|footer|header|sidebar|share|social|translate|"
    r"back-?to-?top|gdpr|popup|modal",
    re.IGNORECASE,
)

#: Word prefixes whose hyphen is real, so "pre-\nbirth" stays "pre-birth".
KEEP_HYPHEN_PREFIXES = frozenset(
    """pre post non multi inter intra co self well ex anti sub cross cross-agency over under
    semi mid re de un inter-agency single joint long short high low part full half step
    foster grand sister brother mother father half-sister child young""".split()
)
#: "Pre- birth": a hyphenated compound broken by a stray space. Not "pre- and post-natal".
SPLIT_COMPOUND_RE = re.compile(
    r"\b(?P<prefix>pre|post|non|multi|inter|co|self|anti|sub|cross|single|ante)-\s+(?P<rest>(?!and\b|or\b|to\b)[a-z]\w*)",
    re.IGNORECASE,
)

#: Words that end a line without ending the sentence, so the next line continues it.
CONNECTOR_END_RE = re.compile(
    r"(?:[,;\u2013\u2014&(/-]|\b(?:and|or|the|a|an|of|to|in|for|with|from|by|on|at|as|is|are|was|were|be|that|"
    r"which|who|their|his|her|its|this|these|should|must|will|would|could|not|but))$",
    re.IGNORECASE,
)
TERMINAL_PUNCT = ".!?:;\u201d\"')]"

MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*\S)\s*#*\s*$")
MARKDOWN_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
MARKDOWN_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")

URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
URL_TAIL_STRIP = ".,;:!?)"

# ---------------------------------------------------------------------------
# Headings and sections
# ---------------------------------------------------------------------------

#: Section kinds and the heading phrases that open them. Matching is fuzzy (rapidfuzz)
#: so "Recornmendations" from OCR still opens a recommendations section.
HEADING_VOCAB: dict[str, tuple[str, ...]] = {
    "learning": (
        "learning points",
        "key learning points",
        "learning point",
        "key learning",
        "key findings",
        "findings",
        "lessons learnt",
        "lessons learned",
        "lessons for practice",
        "what we learnt",
        "what we learned",
        "what did we learn",
        "what have we learnt",
        "practice and organisational learning",
        "organisational learning",
        "practice learning",
        "learning for practice",
        "learning themes",
        "learning from this review",
        "learning from the review",
        "key messages",
        "key messages for practice",
        "messages for practice",
        "what this means for practice",
        "areas for learning",
        "areas of learning",
        "learning",
    ),
    "recommendations": (
        "recommendations",
        "recommendation",
        "actions for the partnership",
        "actions for agencies",
        "improving systems and practice",
        "what the partnership will do",
        "what the partnership is doing",
        "partnership recommendations",
        "recommendations for the partnership",
        "action plan",
    ),
    "reflection": (
        "questions for reflection",
        "reflective questions",
        "points for reflection",
        "questions to consider",
        "things to think about",
        "reflection",
        "time to reflect",
        "consider",
    ),
    "background": (
        "background",
        "case summary",
        "summary of the case",
        "the case",
        "brief summary",
        "family background",
        "about the family",
        "circumstances",
        "context",
        "introduction",
        "overview",
        "what happened",
    ),
    "further": (
        "further information",
        "more information",
        "useful links",
        "useful resources",
        "resources",
        "references",
        "further reading",
        "contact us",
        "contact",
        "links",
        "feedback",
    ),
    "changes": (
        "changes since",
        "what has changed",
        "what has happened since",
        "progress since",
        "improvements made",
        "what we have done",
    ),
}
#: Headings that define a review type ("What is a Serious Case Review?") hold criteria,
#: not facts about this case, so metadata ignores them.
DEFINITION_HEADING_RE = re.compile(r"^\s*(?:what\s+(?:is|are)\s+an?\b|what\s+is\s+(?:the|an?)\b|about\s+(?:an?|the)\s+\w+\s+review)", re.IGNORECASE)
HEADING_FUZZ_THRESHOLD = 88
HEADING_MAX_WORDS = 12
#: A paragraph this short that names a known section is a heading despite OCR's stray punctuation.
OCR_HEADING_MAX_WORDS = 4
#: Verbs that make a short line a sentence rather than a heading.
SENTENCE_VERB_RE = re.compile(r"\b(?:should|must|will|need(?:s|ed)?|is|are|was|were|has|have|had)\b", re.IGNORECASE)

#: A recommendation is addressed to an organisation: "The ... Board should ...".
ORG_NOUNS = (
    r"board|partnership|partners|panel|agencies|agency|organisations|organisation|council|trust|trusts|"
    r"icb|ccg|police|constabulary|service|services|authority|authorities|department|team|group|"
    r"sub-group|subgroup|commissioners|providers|nhs\s+england|local\s+authority|children's\s+social\s+care"
)
RECOMMENDATION_FORM_RE = re.compile(
    r"^(?:that\s+)?(?:the\s+|all\s+|each\s+|every\s+)?(?:[A-Z][\w'&-]*\s+|and\s+|of\s+|&\s+){0,8}"
    rf"(?:{ORG_NOUNS})\s+(?:should|must|will|is\s+to|are\s+to|to)\b"
    r"|^it\s+is\s+recommended\b|^we\s+recommend\b|^recommend(?:ed)?\s+that\b",
    re.IGNORECASE,
)
#: Reviewers' statements and thanks are not learning.
REVIEWER_STATEMENT_RE = re.compile(
    r"^(?:the\s+)?(?:lead\s+|independent\s+)?(?:reviewer|reviewers|author|authors)\b|"
    r"\b(?:would\s+like\s+to\s+thank|wish(?:es)?\s+to\s+thank|(?:are|is)\s+grateful|thank(?:s|ing)?\s+(?:to\s+)?"
    r"(?:the\s+)?(?:family|practitioners|professionals|everyone|all))\b",
    re.IGNORECASE,
)
MIN_ITEM_WORDS = 5

# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------

#: Review types and the phrases that name them, strongest first. Weights let a passing
#: mention of the rapid review that preceded an LCSPR count for less than the LCSPR.
REVIEW_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("national-review", re.compile(r"\bnational\s+(?:child\s+safeguarding\s+practice\s+)?review\b", re.I), 1.5),
    (
        "local-child-safeguarding-practice-review",
        re.compile(r"\blocal\s+child\s+safeguarding\s+practice\s+reviews?\b|\bLCSPRs?\b", re.I),
        1.2,
    ),
    (
        "local-child-safeguarding-practice-review",
        re.compile(r"(?<!local\s)\bchild\s+safeguarding\s+practice\s+review(?!\s+panel)\b", re.I),
        0.8,
    ),
    ("serious-case-review", re.compile(r"\bserious\s+case\s+reviews?\b|\bSCRs?\b", re.I), 1.0),
    ("child-practice-review", re.compile(r"\b(?:concise\s+|extended\s+)?child\s+practice\s+reviews?\b", re.I), 1.2),
    ("learning-review", re.compile(r"\blearning\s+reviews?\b|\bsignificant\s+case\s+reviews?\b", re.I), 1.0),
    ("rapid-review", re.compile(r"\brapid\s+reviews?\b", re.I), 0.5),
    (
        "other",
        re.compile(
            r"\b(?:case\s+management\s+review|safeguarding\s+adults?\s+review|domestic\s+homicide\s+review|"
            r"multi-agency\s+learning\s+review|thematic\s+review)s?\b",
            re.I,
        ),
        0.9,
    ),
)

#: "Cambridgeshire and Peterborough Safeguarding Partnership Board": the name ends in
#: one of these; the place is walked backwards from it.
PARTNERSHIP_CORE_RE = re.compile(
    r"\b(?:Local\s+)?Safeguarding\s+(?:Children(?:['\u2019]s)?\s+)?(?:Partnership\s+Board|Partnership|Board|"
    r"Arrangements|Children\s+Board)\b|\bChildren(?:['\u2019]s)?\s+Safeguarding\s+(?:Partnership|Board)\b"
)
PARTNERSHIP_CONNECTORS = frozenset({"and", "&", "upon", "on", "of", "the", "-", "in"})
NOT_PLACE_WORDS = frozenset(
    """The This That These A An All Any Each Safeguarding Children Children's Partnership Board Local Multi
    Multi-agency Practice Guidance Procedures Website Our Your Their Its His Her Training Briefing Serious Case
    Review Child New Joint Lead Independent Key Learning Adults Adult Pre-Birth Partnerships Boards Annual
    Report Policy Protocol Sub-group Business Unit Manager Chair""".split()
)

NAME_STOP_WORDS = frozenset(
    """The This That These A An He She They We It His Her Their Baby Child Children Review Case Serious Safeguarding
    Partnership Board Local Briefing Learning Practice Mother Father Mum Dad Family Professionals Practitioners
    Agencies Police Health School Hospital Key Background Summary Recommendations Findings Lessons National
    Rapid Panel Oliver's""".split()
)
#: One name as reviews give it: "Child M", "Baby K", "Family A", "Baby Ruby", "Tomos".
_ONE_NAME = r"(?:(?:Baby|Child|Young\s+Person|Family)\s+[A-Z]{1,2}\d?(?![\w'])|Baby\s+[A-Z][a-z]+|[A-Z][a-z]+)"
#: ... or two of them, "Child C and Child D", "Ava and Mia" (on one line).
_NAMES = rf"{_ONE_NAME}(?:[ \t]+and[ \t]+{_ONE_NAME})?"
#: Pseudonym patterns, strongest first. Group "name" is the pseudonym.
PSEUDONYM_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "Sam (not his real name)", "Kai (a pseudonym)", "Noah (pseudonym)".
    re.compile(
        r"\b(?P<name>(?:Baby\s+)?[A-Z][a-z]+)\s*\((?:not\s+(?:his|her|their|the\s+child's)\s+real\s+name|"
        r"(?:a\s+)?pseudonym|name\s+changed)\)"
    ),
    # "Learning from the case of Tomos", "the death of Theo", "a review into the case of Child B".
    re.compile(rf"\b(?:the\s+)?(?:case|death|life|story)\s+of\s+(?P<name>{_NAMES})\b"),
    # "we will call Carys", "who we have called Lily".
    re.compile(
        r"\bwe\s+(?:shall|will|have|have\s+chosen\s+to|have\s+decided\s+to)\s+(?:call(?:ed)?|name[d]?)\s+"
        r"[\"']?(?P<name>(?:Baby\s+|Child\s+)?[A-Z][a-z]+)\b"
    ),
    re.compile(
        r"\bwho\s+(?:we\s+)?(?:shall|will|have\s+chosen\s+to|have\s+decided\s+to|have)\s+(?:call(?:ed)?|name[d]?|"
        r"refer(?:red)?\s+to\s+as|be\s+(?:called|known\s+as|referred\s+to\s+as))\s+[\"']?(?P<name>(?:Baby\s+|Child\s+)?[A-Z][a-z]+(?:\s+[A-Z]\b)?)"
    ),
    re.compile(
        r"\b(?:known|referred\s+to)\s+(?:in\s+this\s+(?:review|report|briefing)\s+)?as\s+[\"']?"
        r"(?P<name>(?:Baby\s+|Child\s+)?[A-Z][a-z]+(?:\s+[A-Z]\b)?)"
    ),
    re.compile(r"\b(?:pseudonym|called)\s+[\"']?(?P<name>[A-Z][a-z]+)\b"),
    re.compile(
        r"\b(?:Review|SCR|LCSPR|CSPR|Briefing|review|briefing)\s+(?:for|into|concerning|regarding|about|of)\s+"
        r"[\"']?(?P<name>(?:Baby|Child|Family|Young\s+Person)\s+[A-Z]{1,2}\d?\b|[A-Z][a-z]+)\b"
    ),
    # A heading "... Review: Ava and Mia" / "Review - Child T".
    re.compile(rf"\b(?:Review|Briefing|Summary|SCR|LCSPR|CPR)[ \t]*[:\u2013\u2014-][ \t]*(?P<name>{_NAMES})[ \t]*$", re.M),
    re.compile(
        r"\b(?P<name>(?:Child|Baby|Young\s+Person|Family)\s+[A-Z]{1,2}\d?"
        r"(?:[ \t]+and[ \t]+(?:Child|Baby|Young\s+Person)\s+[A-Z]{1,2}\d?)?)\b(?![a-z])"
    ),
    re.compile(r"\bsubject\s+of\s+this\s+review\s+is\s+(?P<name>[A-Z][a-z]+)\b"),
    # "the Dawson children": a family's children named together; the article is not part of the name.
    re.compile(r"\b[Tt]he\s+(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:children|siblings|twins|brothers|sisters))\b"),
    re.compile(r"\b(?P<name>Baby\s+[A-Z][a-z]+)\b"),
)
#: For each pseudonym pattern, None or (guard, words): a search that succeeds where every
#: match of the pattern starts, or in the word after (a literal part of it, which the regex
#: engine finds quickly because it starts with a literal), and how many words before the
#: guard's match a match of the pattern can start: 0, 1, or None for anywhere before.
#: A pattern whose guard finds nothing is not run; otherwise it is tried only where the
#: guard allows (metadata._guarded_matches).
PSEUDONYM_GUARDS: tuple[tuple[re.Pattern[str], int | None] | None, ...] = (
    (re.compile(r"\((?:not\s|a\s|pseudonym|name\s)"), None),
    (re.compile(r"(?:case|death|life|story)\s+of\s"), 1),  # "the" may come first
    (re.compile(r"we\s+(?:shall|will|have)\s"), 0),
    (re.compile(r"who\s"), 0),
    (re.compile(r"(?:known|referred)\s"), 0),
    (re.compile(r"(?:pseudonym|called)\s"), 0),
    (re.compile(r"(?:Review|SCR|LCSPR|CSPR|Briefing|review|briefing)\s+(?:for|into|concerning|regarding|about|of)\s"), 0),
    (re.compile(r"(?:Review|Briefing|Summary|SCR|LCSPR|CPR)[ \t]*[:\u2013\u2014-]"), 0),
    (re.compile(r"(?:Child|Baby|Young|Family)\s+[A-Z]"), 0),
    (re.compile(r"subject\s+of\s+this\s"), 0),
    (re.compile(r"[Tt]he\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:children|siblings|twins|brothers|sisters)"), 0),
    (re.compile(r"Baby\s+[A-Z]"), 0),
)
#: A line that is one capitalised word ("Ruairidh") under the title is the child's name
#: when the body names the child again; these words are headings, not names.
NAME_LINE_RE = re.compile(r"^[ \t]*(?P<name>[A-Z][a-z]{2,})[ \t]*$", re.M)
NOT_NAME_LINES = frozenset(
    """Briefing Summary Contents Foreword Introduction Background Overview Glossary Appendix Acknowledgements
    Report Published Learning Recommendations Findings Conclusion Conclusions Context Methodology Terminology
    Purpose Scope Review Reflection Questions Resources References Links Contact Feedback Actions Chronology
    Analysis Index Preface Note Notes Update Draft Final Executive""".split()
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-two": 22,
    "twenty-three": 23, "twenty-four": 24, "thirty": 30,
}  # fmt: skip
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
AGE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_NUM}[\s-]+{_UNIT}[\s-]+old\b", re.I),
    # "aged 4", not "aged 4 and 6" or "aged 2-11" (several children).
    re.compile(rf"\b(?:aged|age\s+of|age:)\s+{_NUM}(?:\s+{_UNIT})?\b(?!\s*(?:and|to|or|-|\u2013)\s*\d)", re.I),
    # "an infant of 9 weeks", "a baby of only 15 days".
    re.compile(rf"\b(?:infant|baby|child|boy|girl|newborn)\s+of\s+(?:only\s+|just\s+)?{_NUM}\s+{_UNIT}\b", re.I),
)
AGE_CONTEXT_RE = re.compile(
    r"\b(?:baby|babies|child|children|infant|newborn|girl|boy|son|daughter|young\s+person|teenager|twins|"
    r"siblings|brothers|sisters|he|she)\b",
    re.I,
)

OUTCOME_DIED_RE = re.compile(
    r"\b(?:died|death|passed\s+away|was\s+killed|were\s+killed|fatal(?:ly)?|lost\s+(?:his|her|their)\s+life|"
    r"did\s+not\s+survive|(?:found|pronounced|declared)\s+dead|took\s+(?:his|her|their)\s+own\s+life|suicide)\b",
    re.I,
)
OUTCOME_HARMED_RE = re.compile(
    r"\b(?:serious(?:ly)?\s+(?:\w+\s+)?(?:injur\w*|harm\w*)|significant(?:ly)?\s+(?:\w+\s+)?(?:injur\w*|harm\w*)|"
    r"life[\s-](?:changing|threatening)|(?:sustained|suffered)\s+(?:\w+\s+){0,3}(?:injur\w*|fractur\w*)|"
    r"non-fatal|brain\s+injur\w*|fractur\w*)\b",
    re.I,
)
#: The statutory criteria ("the child has died; or the child has been seriously harmed")
#: mention both outcomes and describe no case.
OUTCOME_CRITERIA_RE = re.compile(r"\b(?:has\s+died|died)\b[^.]{0,40}\bor\b[^.]{0,40}\bseriously\s+harmed\b", re.I)

TITLE_CUE_RE = re.compile(r"\b(?:briefing|learning|lessons|review|summary|report|7\s*minute)\b", re.I)
YEAR_RE = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")
PUBLISHED_RE = re.compile(
    r"\b(?:published|publication\s+date|date\s+of\s+publication|date|updated)\s*:?\s*(?:\d{1,2}\s+)?"
    r"(?:[A-Z][a-z]+\s+)?(?P<year>(?:19[89]\d|20[0-4]\d))\b",
    re.I,
)
#: "The report was published by the ... Board in 2019", "completed in 2015", "Published: 14/02/2024".
PUBLISHED_NEAR_RE = re.compile(
    r"\b(?:published|completed|finalised|finalized|approved|publication)\b[^.\n]{0,80}?"
    r"(?<![\w-])(?P<year>(?:19[89]\d|20[0-4]\d))\b",
    re.I,
)
MONTH_YEAR_RE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<year>(?:19[89]\d|20[0-4]\d))\b"
)

# ---------------------------------------------------------------------------
# Redaction patterns (personal data)
# ---------------------------------------------------------------------------

POSTCODE_RE = re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
NHS_NUMBER_RE = re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")
NI_NUMBER_RE = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I
)
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}\b")
