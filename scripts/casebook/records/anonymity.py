"""The anonymity guard: personal data that must never be published.

Consumes: a schema-valid record (``Document``), the words of the vocabularies, and the
private redaction list named by the ``CASEBOOK_REDACTIONS`` environment variable (real
names and identifiers of clients, one per line, kept outside the repository); for the
build, a folder of files (hand-written pages, the built site).
Produces: ``Problem``s naming file, line and field, saying what kind of data the text
looks like and showing only a masked form of it (``'j…m'``), never the match itself.

Rules:
- Every record, whatever its kind: e-mail addresses, phone numbers, IBANs, passport,
  identity and other document numbers, long runs of digits, exact dates of birth and
  street addresses. Nobody's contacts, documents or birth date is published, public
  figure or not.
- Firm case studies only: personal names that are not placeholders ("the client",
  "Mr X", "A." are placeholders). A public-record case names people as its sources do.
- Every record and every built page, when a redaction list is given: its entries
  (compared without case, accents or line breaks).

Fields each rule reads:
- Codes, country codes and dates (``CODE_FIELDS``) are held to patterns by the schema,
  so no rule reads them.
- ``url``: the e-mail rule and the redaction list (paths are full of digits); ids and
  ``identifiers[].value``: the redaction list only (a decision number looks like a
  document number by design).
- The name rule skips ``sources`` (authors, publishers, titles and citations are
  public bibliographic data) and ``person.name`` (refused for firm case studies by
  ``checks.check_firm_case_study_names_nobody``).

The name rule is a heuristic tuned for few false positives: it flags two or more
capitalised words in a row that are not known words (function words, months, legal
and institution terms, countries, nationalities, cities, vocabulary labels, and any
word the record itself writes in lower case), an honorific before a name ("Mr
Petrov", not "Mr X"), an initial before a name ("I. Petrov"), and a name after
"named", "called", "the client" and similar. A run of capitalised words that holds
an institution word ("Audiencia Nacional", "National Central Bureau") is an
institution. It misses a lone name with nothing before it ("Petrov said"), and a
name made only of known words; the redaction list is the guard for known clients.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pycountry
from selectolax.lexbor import LexborHTMLParser

from .countries import SHORT_NAMES
from .load import Document, dotted
from .problems import Problem, display_path

REDACTIONS_ENV = "CASEBOOK_REDACTIONS"
MIN_REDACTION_LENGTH = 3
# Held by the schema to codes, country codes and dates: no personal data fits, no rule reads them.
CODE_FIELDS = frozenset(
    "kind language type fate forum outcome outcomes status_at_home profiles code misuse_patterns "
    "recommendations scheme strength status detained date_qualifier state requesting_states host_states "
    "nationality issued fate_date filed decided date start end ordered duration term basis approximate by".split()
)
URL_FIELDS = frozenset({"url"})  # the e-mail rule and the redaction list only
REDACTION_ONLY_FIELDS = frozenset({"id", "value"})  # ids; proceedings[].identifiers[].value
NAME_RULE_SKIPS = ("sources",)  # top-level sections the name rule does not read
SITE_TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json", ".csv", ".js", ".css", ".txt", ".md", ".yml", ".yaml", ".svg"})


# --- what each finding means ----------------------------------------------------------

KINDS = {
    "email": ("looks like an e-mail address", "contacts are never published: remove it"),
    "phone": ("looks like a phone number", "contacts are never published: remove it"),
    "iban": ("looks like a bank account number (IBAN)", "account numbers are never published: remove it"),
    "document": ("looks like a passport, identity or other document number", "document numbers are never published: remove it"),
    "long-number": (
        "looks like a phone, account or identity number (a long run of digits)",
        "such numbers are never published: remove it; if it is a court case or decision number, "
        "put it in the proceeding's or the source's identifiers (scheme: case-number) instead",
    ),
    "birth-date": ("looks like an exact date of birth", "dates of birth are never published: give at most the year, or nothing"),
    "address": ("looks like a street address", "addresses are never published: name the city at most"),
    "name": (
        "looks like a personal name",
        "a firm case study names no private person: write 'the client', 'Mr X' or 'A.' "
        "(an institution or a place? see CONTRIBUTING.md, Anonymity)",
    ),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def message(self) -> str:
        what, advice = KINDS[self.kind]
        return f"{what} ({mask(self.text)}); {advice}"


def mask(text: str) -> str:
    """Enough to find it in the file, never the thing itself: 'Ivan Petrov' -> 'I…v'."""
    text = " ".join(text.split())
    if len(text) <= 3:
        return "'" + "…" * len(text) + "'"
    return f"'{text[0]}…{text[-1]}'"


# --- contacts, numbers, dates of birth, addresses -----------------------------------------

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}\b")
IBAN = re.compile(r"\b([A-Z]{2})\d{2}(?:[ \-]?[A-Z0-9]{4}){2,7}(?:[ \-]?[A-Z0-9]{1,3})?\b")
PHONE = re.compile(r"(?<![\w+/.\-])(?:\+[ \u00a0]?)?\(?\d[\d \u00a0().\-]{5,22}\d(?![\w/])")
PHONE_WORDS = re.compile(
    r"(?i:\b(?:tel|phone|telephone|mobile|cell|fax|whatsapp|telegram|viber|signal|call|contact)\b)[^\n.]{0,20}$"
)
DATE_LIKE = re.compile(r"\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
YEAR = re.compile(r"(?:19|20)\d\d")
DOCUMENT_WORDS = (
    r"passport|identity card|id card|identity document|national id|id number|id no|personal (?:identification |id )?"
    r"(?:number|code|no)|document number|document no|tax (?:identification )?number|taxpayer number|"
    r"social security number|ssn|inn|snils|dni|nie|nif|pesel|driving licen[cs]e|driver'?s licen[cs]e|"
    r"residence permit|visa number|birth certificate|id"
)
DOCUMENT_KEYWORD = re.compile(
    rf"(?i:\b(?:{DOCUMENT_WORDS})\b\.?(?:\s*(?:no\.?|number|nr\.?|№|#))?)\s*[:#№]?\s*"
    r"(?P<value>[A-Z]{0,4}[ \-]?\d[\dA-Z \-/]{2,24})"
)
DOCUMENT_GENERIC = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{7,20}\b")
LONG_NUMBER = re.compile(r"(?<![\w.,/\-])\d{9,}(?![\w/]|[.,]\d)")
CURRENCY_BEFORE = re.compile(r"(?i:[$€£¥₽₸]|\b(?:usd|eur|gbp|rub|kzt|byn|uah|try|chf|cny|inr|egp)\b)\s*$")
CURRENCY_AFTER = re.compile(
    r"(?i:^\s*(?:[$€£¥₽₸]|usd|eur|gbp|rub|kzt|byn|uah|try|chf|cny|dollars|euros|roubles|rubles|pounds|lira))"
)
MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
FULL_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./\-]\d{{1,2}}[./\-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+\d{{4}}|{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# "born on 12 March 1985", "born in Minsk on 12.03.1985", "date of birth: 1985-03-12", "(b. 12/03/1985)";
# not "a US-born investor detained on 30 May 2018".
BIRTH_DATE = re.compile(
    r"(?i:\b(?:born|birth|birthdate|birthday|dob|d\.o\.b\.?)(?!\w)|\bb\.)"
    r"[\s:,]*(?:(?i:on|is|was)\s+|(?i:in)\s+[^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*)?\s+(?i:on)\s+)?"
    rf"(?i:{FULL_DATE})"
)
BIRTH_WORD = re.compile(r"(?i:\b(?:born|birth|birthday)\b)")
STREET_SUFFIX = (
    r"(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Lane|Boulevard|Blvd\.?|Drive|Terrace|Crescent|Highway|Square|Place|Close)"
)
ADDRESS = re.compile(
    "|".join(
        [
            # 12 Baker Street, 221B Baker Street
            rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'’\-]+\s+){{1,3}}{STREET_SUFFIX}(?!\w)",
            # ul. Lenina 12, Calle Mayor 5, Rue de Rivoli 10, Via Roma 3, ул. Ленина, д. 5
            r"(?:\b(?:ul\.|ulitsa|ulica|vul\.|vulytsia|vulitsa|prospekt|prosp\.|pr-t|pereulok|Calle|Avenida|Avda\.|"
            r"Paseo|Plaza|Rue|Via|Viale|Piazza|Corso|Rua|Carrer|Straße|Strasse|Str\.|Platz|sokak|sok\.|caddesi|cad\.)"
            r"|(?<!\w)(?:C/|ул\.|улица|пр\.|проспект|пер\.|переулок|вул\.|вулиця))"
            r"\s*(?:(?:de|del|la|las|los|du|des|di|della|do|da)\s+)*[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄ][^\n,;()]{1,40}?,?\s+"
            r"(?:No\.?\s*|nr\.?\s*|д\.\s*|dom\s+)?\d{1,4}[A-Za-z]?(?:/\d{1,4})?\b",
            # 12 rue de Rivoli
            r"\b\d{1,4}(?:bis|ter)?,?\s+(?:rue|avenue|boulevard|bd|place|allée|chemin|quai|impasse)\s+(?:d[eu']\s*|des\s+|la\s+)?"
            r"[A-ZÀ-Ö][\w'’\-]+",
            # Hauptstraße 5, Lindenweg 12
            r"\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|damm)\s+\d{1,4}[a-z]?\b",
        ]
    )
)


def find_emails(text: str) -> list[Finding]:
    return [Finding("email", m.start(), m.end(), m.group()) for m in EMAIL.finditer(text)]


def find_ibans(text: str) -> list[Finding]:
    found = []
    for m in IBAN.finditer(text):
        compact = re.sub(r"[ \-]", "", m.group())
        if 15 <= len(compact) <= 34 and sum(c.isdigit() for c in compact) >= 8 and pycountry.countries.get(alpha_2=m.group(1)):
            found.append(Finding("iban", m.start(), m.end(), m.group()))
    return found


def find_phone_numbers(text: str) -> list[Finding]:
    found = []
    for m in PHONE.finditer(text):
        number = m.group().strip(" \u00a0.-")
        groups = re.findall(r"\d+", number)
        digits = sum(len(g) for g in groups)
        if not 8 <= digits <= 15 or DATE_LIKE.fullmatch(number) or all(len(g) == 4 and YEAR.fullmatch(g) for g in groups):
            continue
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and not number.startswith("+"):
            continue  # 10 000 000: an amount with thousands separators
        international = number.startswith(("+", "00", "("))
        if international or len(groups) >= 3 or PHONE_WORDS.search(text[max(0, m.start() - 30) : m.start()]):
            found.append(Finding("phone", m.start(), m.start() + len(number), number))
    return found


def find_document_numbers(text: str) -> list[Finding]:
    found = []
    for m in DOCUMENT_KEYWORD.finditer(text):
        value = m.group("value")
        value = value[: max(i for i, c in enumerate(value) if c.isdigit()) + 1]  # up to its last digit
        if sum(c.isdigit() for c in value) >= 5:  # not "ID 2019"
            end = m.start("value") + len(value)
            found.append(Finding("document", m.start(), end, text[m.start() : end]))
    for m in DOCUMENT_GENERIC.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 6:
            found.append(Finding("document", m.start(), m.end(), m.group()))
    return found


def find_long_numbers(text: str) -> list[Finding]:
    return [
        Finding("long-number", m.start(), m.end(), m.group())
        for m in LONG_NUMBER.finditer(text)
        if not CURRENCY_BEFORE.search(text[max(0, m.start() - 6) : m.start()]) and not CURRENCY_AFTER.match(text[m.end() :])
    ]


def find_birth_dates(text: str) -> list[Finding]:
    return [Finding("birth-date", m.start(), m.end(), m.group()) for m in BIRTH_DATE.finditer(text)]


def find_street_addresses(text: str) -> list[Finding]:
    found = []
    for m in ADDRESS.finditer(text):
        number = re.match(r"\d+", m.group())
        if number and YEAR.fullmatch(number.group()):
            continue  # "in 2018 Red Square": a year, not a house number
        found.append(Finding("address", m.start(), m.end(), m.group()))
    return found


# --- personal names -----------------------------------------------------------------

TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord madam madame mme mlle monsieur mister herr frau "
    "señor senor señora senora sr sra judge sheikh imam rabbi".split()
)
PARTICLES = frozenset("de da del della der di do dos das du la le van von ten ter bin ibn al el y zu".split())
TRIGGERS = frozenset(
    "named called surnamed nicknamed alias aka client applicant complainant defendant accused businessman "
    "businesswoman entrepreneur journalist activist".split()
)
FUNCTION_WORDS = (
    "a an the he she it they we you i his her hers its their theirs our this that these those there here then than "
    "when while where whereas whether which who whom whose what why how after before during since until till upon "
    "on in at by for from to of off with within without into onto over under about above below across against along "
    "among around as because although though if unless once both either neither nor not no yes and or but so yet also "
    "still even only just later earlier soon meanwhile however moreover furthermore despite following according unlike "
    "like all any each every some several many much most more few other another such same one two three four five six "
    "seven eight nine ten first second third fourth fifth last next new old now instead therefore thus hence finally "
    "eventually nevertheless nonetheless see note between through throughout toward towards via per amid beyond near "
    "behind beside besides except inside outside whatever whoever wherever whenever was were is are be been has have "
    "had can could may might must shall should will would did does do none nobody someone anyone everyone nothing "
    "something everything never always often sometimes already again almost very until within e.g i.e"
)
CALENDAR_WORDS = (
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter"
)
LEGAL_WORDS = (
    "interpol europol notice notices diffusion diffusions alert alerts warrant warrants article articles art constitution "
    "rules rule statute convention conventions protocol charter code criminal civil penal procedure processing data "
    "decision decisions judgment judgement ruling opinion request requests application applications complaint case "
    "cases file files control extradition asylum refugee refugees status policy resolution report annex part section "
    "paragraph chapter act law laws regulation directive treaty agreement declaration review internal affairs foreign "
    "justice home security public order human rights right freedom freedoms fundamental mutual legal assistance arrest "
    "detention custody bail hearing trial prosecution investigation red blue yellow black green orange purple silver "
    "special general secretariat national central bureau commission committee state states united nations european "
    "union republic federation kingdom federal democratic socialist islamic people's peoples red cross crescent"
)
# A run of capitalised words holding one of these is an institution, not a person.
INSTITUTION_WORDS = frozenset(
    "court courts tribunal tribunals audiencia nacional supremo cour corte gericht bureau commission committee council "
    "chamber chambers ministry ministère department office agency authority authorities service services police "
    "prosecutor prosecutors procuracy procuratorate prokuratura parliament assembly government administration "
    "secretariat directorate division unit board bank university institute foundation association union federation "
    "republic kingdom nations organisation organization party movement congress centre center fund trust group network "
    "watch international national central federal supreme constitutional regional district municipal city county "
    "general high magistrates magistrates' appellate interior embassy consulate mission registry prison college academy "
    "society senate house company corporation ltd llc inc plc gmbh holding holdings media news times post press telegraph "
    "guardian radio television journal magazine gazette herald tribune daily weekly channel broadcasting ombudsman "
    "commissioner rapporteur council guard border customs army forces kgb fsb".split()
)
NATIONALITY_WORDS = (
    "afghan albanian algerian american andorran angolan argentine argentinian armenian australian austrian azerbaijani "
    "azeri bahraini bangladeshi belarusian belarussian byelorussian belgian bolivian bosnian brazilian british bulgarian "
    "burmese cambodian cameroonian canadian chilean chinese colombian congolese croatian cuban cypriot czech danish "
    "dutch ecuadorian egyptian emirati english eritrean estonian ethiopian filipino finnish french georgian german "
    "ghanaian greek guatemalan guinean haitian honduran hungarian icelandic indian indonesian iranian iraqi irish "
    "israeli italian ivorian jamaican japanese jordanian kazakh kazakhstani kenyan korean kosovar kuwaiti kyrgyz "
    "laotian latvian lebanese liberian libyan lithuanian luxembourgish macedonian malaysian maldivian malian maltese "
    "mauritanian mexican moldovan monegasque mongolian montenegrin moroccan mozambican namibian nepalese nepali "
    "nicaraguan nigerian norwegian omani pakistani palestinian panamanian paraguayan peruvian polish portuguese qatari "
    "romanian russian rwandan saudi scottish senegalese serbian slovak slovenian somali spanish sudanese swedish swiss "
    "syrian taiwanese tajik tajikistani tanzanian thai tunisian turkish turkmen ugandan ukrainian uruguayan uzbek "
    "uzbekistani venezuelan vietnamese welsh yemeni zambian zimbabwean chechen uyghur uighur kurdish tatar bashkir "
    "ingush dagestani crimean catalan basque soviet western eastern northern southern arab arabic latin asian african "
    "balkan caucasian baltic nordic scandinavian persian turkic slavic muslim christian orthodox catholic jewish"
)
PLACE_NAMES = (
    "moscow minsk kyiv kiev kharkiv odesa odessa lviv madrid barcelona granada malaga marbella valencia seville "
    "alicante london paris berlin rome milan vienna prague warsaw budapest bucharest sofia athens ankara istanbul "
    "baku tbilisi yerevan astana almaty tashkent dushanbe bishkek ashgabat beijing shanghai urumqi cairo riyadh "
    "dubai doha tehran lyon geneva brussels strasbourg hague amsterdam stockholm helsinki oslo copenhagen dublin "
    "lisbon belgrade zagreb ljubljana bratislava vilnius riga tallinn chisinau delhi mumbai jakarta bangkok manama "
    "kigali caracas nicosia limassol munich frankfurt hamburg cologne nice marseille zurich lugano luxembourg "
    "monaco washington york europe asia africa america americas caucasus crimea chechnya donbas siberia turkey "
    "west east north south upper lower greater"
)
MULTIWORD_PLACES = (
    "new york|new delhi|abu dhabi|kuala lumpur|the hague|st petersburg|st. petersburg|saint petersburg|tel aviv|"
    "buenos aires|rio de janeiro|sao paulo|los angeles|san francisco|hong kong|costa del sol|middle east|"
    "central asia|north caucasus|european union|united nations|united states|united kingdom|united arab emirates|"
    "council of europe|human rights|red notice|blue notice|al jazeera|el mundo|el pais|el prat|la vanguardia|le monde"
)


@cache
def _known_phrases() -> frozenset:
    """Multi-word names of countries, regions and cities, as tuples of folded words."""
    names = set(MULTIWORD_PLACES.split("|")) | set(SHORT_NAMES.values())
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
    names |= {s.name for s in pycountry.subdivisions if " " in s.name}
    phrases = set()
    for name in names:
        words = tuple(_fold_word(w) for w in TOKEN.findall(name.replace(",", " ")))
        if words:
            phrases.add(words)
    return frozenset(phrases)


@cache
def _known_words() -> frozenset:
    words = " ".join([FUNCTION_WORDS, CALENDAR_WORDS, LEGAL_WORDS, NATIONALITY_WORDS, PLACE_NAMES]).split()
    single = {phrase[0] for phrase in _known_phrases() if len(phrase) == 1}
    return frozenset(words) | INSTITUTION_WORDS | single


def _fold_word(word: str) -> str:
    word = word.rstrip(".")
    if word.endswith(("'", "’", "'s", "’s")):
        word = re.sub(r"['’]s?$", "", word)
    return word.casefold() if word.isascii() else _strip_accents(word).casefold()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class _Token:
    text: str
    start: int
    end: int
    word: str  # folded, without a trailing period or possessive
    kind: str  # cap, initial, honorific, particle, lower, acronym


def _classify(token: str) -> str:
    bare = token.rstrip(".")
    if token in ("A", "I"):
        return "lower"  # the article and the pronoun; "A." is the placeholder initial
    if len(bare) == 1 and bare.isupper():
        return "initial"
    if _fold_word(bare) in HONORIFICS and bare[0].isupper():
        return "honorific"
    if bare[0].islower():
        return "particle" if bare in PARTICLES else "lower"
    if bare[:2].isalpha() and bare[:2].isupper() or not any(c.islower() for c in bare):
        return "acronym"  # CCF, NCBs, ECtHR; not O'Brien or McDonald
    return "cap"


def _runs(text: str) -> list[tuple[list[_Token], bool]]:
    """Runs of capitalised words (with initials, honorifics and name particles inside),
    each with whether a trigger word ("named", "the client") comes just before it. A run
    ends at punctuation, at a sentence end and at an ordinary lower-case word. Lower-case
    words are not turned into tokens: most words are, and this runs on every text."""
    runs: list[tuple[list[_Token], bool]] = []
    run: list[_Token] = []
    triggered = False
    previous_end, previous_text, previous_kind = 0, "", "lower"
    for m in TOKEN.finditer(text):
        word = m.group()
        joined = (
            previous_text != ""
            and text[previous_end : m.start()].strip() == ""
            and (not previous_text.endswith(".") or previous_kind in ("initial", "honorific"))
        )
        if word[0].islower() and not (run and joined and word in PARTICLES):
            if run:
                runs.append((run, triggered))
                run = []
            previous_end, previous_text, previous_kind = m.end(), word, "lower"
            continue
        kind = _classify(word)
        if run and (not joined or kind in ("lower", "acronym")):
            runs.append((run, triggered))
            run = []
        if kind not in ("lower", "acronym"):
            if not run:
                triggered = joined and previous_kind == "lower" and previous_text in TRIGGERS
            run.append(_Token(word, m.start(), m.end(), _fold_word(word), kind))
        previous_end, previous_text, previous_kind = m.end(), word, kind
    if run:
        runs.append((run, triggered))
    return runs


def find_personal_names(text: str, known: frozenset = frozenset(), phrases: frozenset = frozenset()) -> list[Finding]:
    """Names of people that are not placeholders. ``known`` adds words to the allow-list
    (the vocabulary labels, the words the record writes in lower case, public names)
    and ``phrases`` adds multi-word names, as tuples of folded words."""
    base_words, base_phrases = _known_words(), _known_phrases()

    def is_known(token: _Token) -> bool:
        w = token.word.split("-")[0]  # "Belarus-based", "Minsk-registered"
        candidates = (w, w[:-1]) if w.endswith("s") else (w,)
        return any(c in base_words or c in known for c in candidates)

    def is_phrase(words: tuple) -> bool:
        return words in base_phrases or words in phrases

    found = []
    for run, triggered in _runs(text):
        while run and run[-1].kind == "particle":
            run = run[:-1]
        found += _names_in_run(run, triggered, is_known, is_phrase)
    return found


def _names_in_run(run: list[_Token], triggered: bool, is_known, is_phrase) -> list[Finding]:
    if not run or any(t.word in INSTITUTION_WORDS for t in run):
        return []
    known = [t.kind != "cap" or is_known(t) for t in run]
    for length in range(min(6, len(run)), 1, -1):  # multi-word places ("Buenos Aires") are known
        for i in range(len(run) - length + 1):
            if is_phrase(tuple(t.word for t in run[i : i + length])):
                known[i : i + length] = [True] * length

    def finding(first: int, last: int) -> Finding:
        start, end = run[first].start, run[last].end - (1 if run[last].text.endswith(".") else 0)
        return Finding("name", start, end, " ".join(t.text for t in run[first : last + 1]).rstrip("."))

    def name_end(i: int) -> int:
        """The last token of the name that starts at ``i`` (unknown capitalised words, initials, particles)."""
        j = i
        while j + 1 < len(run) and (
            run[j + 1].kind in ("initial", "particle") or (run[j + 1].kind == "cap" and not known[j + 1])
        ):
            j += 1
        while run[j].kind == "particle":
            j -= 1
        return j

    found = []
    i = 0
    while i < len(run):
        token = run[i]
        unknown_cap = token.kind == "cap" and not known[i]
        nxt = i + 1 < len(run) and run[i + 1]
        if token.kind == "honorific" and nxt and nxt.kind == "cap" and not known[i + 1]:
            end = name_end(i + 1)
            found.append(finding(i, end))  # "Mr Petrov"; "Mr X" has an initial and passes
            i = end + 1
            continue
        if token.kind == "initial" and nxt and nxt.kind == "cap" and not known[i + 1]:
            end = name_end(i + 1)
            found.append(finding(i, end))  # "I. Petrov"
            i = end + 1
            continue
        if unknown_cap:
            end = name_end(i)
            caps = sum(1 for k in range(i, end + 1) if run[k].kind == "cap")
            if caps >= 2 or (i == 0 and triggered):
                found.append(finding(i, end))  # "Ivan Petrov"; "the client Petrov"
            i = end + 1
            continue
        i += 1
    return found


# In order of precedence; every one but the first needs a digit, so text without digits skips them.
DETECTORS = (
    find_emails,
    find_ibans,
    find_birth_dates,
    find_phone_numbers,
    find_street_addresses,
    find_document_numbers,
    find_long_numbers,
)
_DIGIT = re.compile(r"\d")


def find_personal_data(
    text: str, names: bool = True, known: frozenset = frozenset(), phrases: frozenset = frozenset()
) -> list[Finding]:
    """Every finding in ``text``, in order; where two overlap, the first detector's wins."""
    detectors = DETECTORS if _DIGIT.search(text) else DETECTORS[:1] if "@" in text else ()
    candidates = [finding for detect in detectors for finding in detect(text)]
    if names:
        candidates += find_personal_names(text, known, phrases)
    kept: list[Finding] = []
    for candidate in candidates:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda f: f.start)


# --- the private redaction list ---------------------------------------------------------


def fold(text: str) -> str:
    """Compare without case, accents or line breaks: 'JOSÉ\\n Pérez' -> 'jose perez'."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SPACES.sub(" ", text.casefold())


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Redaction:
    line: int  # in the list file, so a hit can be reported without showing the entry
    folded: str
    masked: str


@dataclass(frozen=True)
class Guard:
    """What the anonymity rules need beyond the record: the redaction list and known words."""

    redactions: tuple[Redaction, ...] = ()
    known_words: frozenset = field(default_factory=frozenset)
    known_phrases: frozenset = field(default_factory=frozenset)  # tuples of folded words

    @cached_property
    def _patterns(self) -> dict:
        """Entry -> a pattern that finds it as whole words ("Ivan" does not match "Ivanovo")."""
        return {r.folded: re.compile(rf"(?<!\w){re.escape(r.folded)}(?!\w)") for r in self.redactions}

    def redacted_in(self, text: str) -> list[Redaction]:
        """The entries of the list that occur in ``text``, each once, in list order."""
        if not self.redactions:
            return []
        folded = fold(text)
        # A plain substring test first: fast, and almost always false.
        return [r for r in self.redactions if r.folded in folded and self._patterns[r.folded].search(folded)]


def load_redactions(path: Path) -> tuple[tuple[Redaction, ...], list[Problem]]:
    """One entry per line; blank lines and lines starting with # are ignored."""
    shown = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return (), [Problem(shown, 1, "", f"{REDACTIONS_ENV} names a redaction list that cannot be read: {reason}")]
    redactions, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        folded = fold(entry).strip()
        if len(folded) < MIN_REDACTION_LENGTH:
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    f"an entry shorter than {MIN_REDACTION_LENGTH} characters would match ordinary text; write it in full",
                )
            )
            continue
        redactions.append(Redaction(number, folded, mask(entry)))
    return tuple(redactions), problems


def guard_from_environment(
    vocabularies: dict | None = None, public_names: Path | None = None, environ=os.environ
) -> tuple[Guard, list[Problem]]:
    """The guard for this run: the list named by CASEBOOK_REDACTIONS (if set), the words of
    the vocabularies, and the public names the name rule accepts (``precedents/public-names.txt``)."""
    known = set()
    for vocabulary in (vocabularies or {}).values():
        for term in vocabulary.terms:
            known.update(_fold_word(w) for w in TOKEN.findall(f"{term.label} {term.explanation}"))
    phrases = set()
    if public_names is not None and Path(public_names).is_file():
        for line in Path(public_names).read_text(encoding="utf-8").splitlines():
            words = tuple(_fold_word(w) for w in TOKEN.findall(line.split("#", 1)[0]))
            if len(words) == 1:
                known.add(words[0])
            elif words:
                phrases.add(words)
    redactions, problems = (), []
    if environ.get(REDACTIONS_ENV):
        redactions, problems = load_redactions(Path(environ[REDACTIONS_ENV]))
    return Guard(redactions, frozenset(known), frozenset(phrases)), problems


# --- records --------------------------------------------------------------------------


def check_record(doc: Document, guard: Guard) -> list[Problem]:
    """Every finding in a schema-valid record, as problems at the field's line."""
    firm = doc.data.get("kind") == "firm-case-study"
    texts = [
        (path, value, name)
        for path, value in doc.items
        if isinstance(value, str)
        and path
        and (name := _field_name(doc, path)) not in CODE_FIELDS
        and not name.endswith("_from")  # a translation's source hash (8 hex digits), held so by the schema
    ]
    known = guard.known_words
    if firm:  # a word the record also writes in lower case is an ordinary word, not a name ("Title Case Titles")
        known = known | _lower_case_words(texts)
    problems = []
    for path, value, name in texts:
        where = dotted(path)
        for redaction in guard.redacted_in(value):
            problems.append(Problem(doc.path, doc.line_of(path), where, _redaction_message(redaction)))
        if name in REDACTION_ONLY_FIELDS:
            continue
        if name in URL_FIELDS:
            findings = find_emails(value)
        else:
            name_rule = firm and path[0] not in NAME_RULE_SKIPS and path != ("person", "name")
            findings = find_personal_data(value, names=name_rule, known=known, phrases=guard.known_phrases)
        problems += [Problem(doc.path, doc.line_of(path), where, f.message) for f in findings]
    problems += _birth_dates_in_timeline(doc)
    return problems


_LINKS = re.compile(r"https?://\S+|" + EMAIL.pattern)


def _lower_case_words(texts: list) -> set:
    """Words written in lower case in the record's prose; not in addresses, where a name
    is written in lower case too (ivan.petrov@example.com)."""
    words = set()
    for _, value, name in texts:
        if name not in URL_FIELDS and name not in REDACTION_ONLY_FIELDS:
            words.update(w for w in TOKEN.findall(_LINKS.sub(" ", value)) if w[0].islower())
    return {_fold_word(w) for w in words}  # each distinct word once


def _field_name(doc: Document, path: tuple) -> str:
    """The field a value belongs to: ``summary`` for ``summary.ru`` (a text with translations)."""
    names = [p for p in path if isinstance(p, str)]
    parent = doc.data
    for part in path[:-1]:
        parent = parent[part]
    translations = len(names) > 1 and isinstance(parent, dict) and all(re.fullmatch(r"[a-z]{2}", str(k)) for k in parent)
    return names[-2] if translations and isinstance(path[-1], str) else names[-1]


def _birth_dates_in_timeline(doc: Document) -> list[Problem]:
    """A timeline event about a birth, dated to the day, publishes a date of birth."""
    problems = []
    for index, event in enumerate(doc.data.get("timeline") or []):
        date, text = event.get("date"), event.get("event")
        texts = text.values() if isinstance(text, dict) else [text]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)) and any(isinstance(t, str) and BIRTH_WORD.search(t) for t in texts):
            finding = Finding("birth-date", 0, 0, str(date))
            problems.append(
                Problem(doc.path, doc.line_of(("timeline", index, "date")), f"timeline[{index}].date", finding.message)
            )
    return problems


def _redaction_message(redaction: Redaction) -> str:
    return (
        f"contains entry {redaction.line} of the private redaction list ({redaction.masked}); "
        "a client's name or identifier is never published: remove it"
    )


# --- files: hand-written pages and the built site ------------------------------------------


def scan_folder(folder: Path, guard: Guard, shown_as: Path | None = None) -> list[Problem]:
    """Every redaction-list entry found in the text files under ``folder`` (HTML read as
    a reader gets it, see ``_as_read``; Pagefind's gzipped fragments decompressed).
    Problems name the file as it will be published, under ``shown_as``."""
    if not guard.redactions:
        return []
    problems = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        raw = _readable_text(path)
        if raw is None:
            continue
        markup = path.suffix in (".html", ".htm", ".xml", ".svg")
        hits = guard.redacted_in(_as_read(raw) if markup else raw)
        shown = display_path(Path(shown_as or folder) / path.relative_to(folder))
        for redaction in hits:
            problems.append(
                Problem(
                    shown,
                    _line_of(raw, redaction),
                    "",
                    f"the built site contains entry {redaction.line} of the private redaction list ({redaction.masked}); "
                    "remove it from the page or record it comes from",
                )
            )
    return problems


def _as_read(markup: str) -> str:
    """The text of a page as a reader, a search engine or anyone viewing its source gets
    it, read by lexbor (an HTML parser that follows the standard): its text with a space
    between elements, so a name split across tags or table cells reads whole; then the
    values of the attributes (titles, alt texts, meta tags, Pagefind metadata) and the
    comments, character references decoded."""
    tree = LexborHTMLParser(markup)
    parts = [tree.root.text(separator=" ") if tree.root is not None else ""]
    for node in tree.root.traverse(include_text=True) if tree.root is not None else ():
        if node.is_element_node:
            parts += [value for value in node.attributes.values() if value]
        elif node.is_comment_node:
            parts.append(html.unescape(node.comment_content or ""))
    return "\n".join(parts)


def _readable_text(path: Path) -> str | None:
    if path.suffix not in SITE_TEXT_SUFFIXES and not path.name.endswith(".pf_fragment"):
        return None
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    return data.decode("utf-8", errors="replace")


def _line_of(text: str, redaction: Redaction) -> int:
    """The first line holding the entry, or holding its first word when it spans lines."""
    single = Guard((redaction,))
    first_word = Guard((Redaction(0, redaction.folded.split(" ")[0], ""),)) if " " in redaction.folded else None
    for finder in (single, first_word):
        if finder is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if finder.redacted_in(line) or finder.redacted_in(_as_read(line)):
                return number
    return 1
