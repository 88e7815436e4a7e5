"""Name forms of one actor: the key a name reduces to before actors are compared across articles.

Pure string rules, no records: a person's key without titles, middle initials or a nickname
("Mr. Robert S. Mueller III" and "Bob Mueller" -> "robert-mueller"), an acronym spelt with or
without dots ("d-n-c" -> "dnc"), and the initials of a long organization name
("Democratic National Committee" -> "dnc").
"""

from __future__ import annotations

__all__ = [
    "SUFFIXES",
    "acronym_key",
    "initials",
    "middle_initials",
    "organization_core",
    "person_base",
    "split_suffix",
]

#: words before a name that are a title or an office, not part of it
_TITLES_WORDS = (
    "mr mrs ms miss dr prof sir dame lord lady president vice sen senator rep representative gov governor "
    "gen general adm admiral col colonel lt sgt capt captain secretary minister premier chancellor judge "
    "justice attorney chairman chairwoman chair speaker leader mayor ambassador rev father sheikh king queen "
    "prince princess pope former acting deputy chief us u s"
)
_TITLES = frozenset(_TITLES_WORDS.split())
#: generational suffixes: they tell a father from a son, so they are kept apart only when the
#: corpus uses them to tell two people apart (see :func:`eventgraph.merge.actors.resolve_actors`)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: short forms of given names (a few dozen common English ones): "Bob Goodlatte" is "Robert Goodlatte"
_NICKNAMES = {
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "bert": "robert",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "willy": "william",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "mike": "michael",
    "mick": "michael",
    "rudy": "rudolph",
    "rudi": "rudolph",
    "rick": "richard",
    "ricky": "richard",
    "rich": "richard",
    "dick": "richard",
    "tom": "thomas",
    "tommy": "thomas",
    "tony": "anthony",
    "joe": "joseph",
    "joey": "joseph",
    "chuck": "charles",
    "charlie": "charles",
    "steve": "steven",
    "stephen": "steven",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "ben": "benjamin",
    "andy": "andrew",
    "alex": "alexander",
    "kate": "katherine",
    "kathy": "katherine",
    "catherine": "katherine",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betsy": "elizabeth",
    "nick": "nicholas",
    "pat": "patrick",
    "sam": "samuel",
    "ted": "edward",
    "ed": "edward",
    "eddie": "edward",
    "chris": "christopher",
    "jeff": "jeffrey",
    "geoff": "jeffrey",
    "greg": "gregory",
    "matt": "matthew",
    "larry": "lawrence",
    "jerry": "gerald",
    "don": "donald",
    "donnie": "donald",
    "fred": "frederick",
    "hank": "henry",
    "ron": "ronald",
    "tim": "timothy",
    "vince": "vincent",
    "jon": "jonathan",
    "nate": "nathan",
    "ken": "kenneth",
    "johnny": "john",
    "sue": "susan",
    "becky": "rebecca",
    "jenny": "jennifer",
    "jen": "jennifer",
    "meg": "margaret",
    "peggy": "margaret",
    "abe": "abraham",
    "gabe": "gabriel",
    "zach": "zachary",
    "josh": "joshua",
    "jake": "jacob",
    "mitch": "mitchell",
    "phil": "philip",
    "doug": "douglas",
    "walt": "walter",
    "wally": "walter",
    "stan": "stanley",
    "len": "leonard",
    "lenny": "leonard",
    "ray": "raymond",
    "russ": "russell",
}
_LINK = frozenset({"of", "and", "the", "for", "on", "in", "to", "de", "des", "du", "la", "le", "et", "y"})


def split_suffix(key: str) -> tuple[str, str]:
    """'roger-stone-jr' -> ('roger-stone', 'jr'); a key without a suffix -> (key, '')."""
    parts = key.split("-")
    if len(parts) >= 2 and parts[-1] in SUFFIXES:
        return "-".join(parts[:-1]), parts[-1]
    return key, ""


def person_base(key: str, *, nicknames: bool = True) -> str:
    """A person's key as names compare: no leading titles, no middle initials, the given name's
    full form; a generational suffix stays. 'mr-donald-j-trump' -> 'donald-trump',
    'rudy-giuliani' -> 'rudolph-giuliani', 'roger-j-stone-jr' -> 'roger-stone-jr'."""
    stem, suffix = split_suffix(key)
    parts = [p for p in stem.split("-") if p]
    while len(parts) > 1 and parts[0] in _TITLES:
        parts.pop(0)
    if len(parts) > 2:  # middle initials ("j"), never the first or last word
        parts = [parts[0], *(p for p in parts[1:-1] if len(p) > 1), parts[-1]]
    if len(parts) >= 2 and nicknames:
        parts[0] = _NICKNAMES.get(parts[0], parts[0])
    return "-".join(parts + ([suffix] if suffix else []))


def middle_initials(key: str) -> str:
    """'donald-j-trump' -> 'j', 'george-h-w-bush' -> 'hw'; '' when the name has none."""
    parts = [p for p in split_suffix(key)[0].split("-") if p]
    while len(parts) > 1 and parts[0] in _TITLES:
        parts.pop(0)
    return "".join(p for p in parts[1:-1] if len(p) == 1)


def acronym_key(key: str) -> str:
    """An acronym spelt with dots or spaces is one word: 'd-n-c' -> 'dnc', 'u-s' -> 'us'."""
    parts = key.split("-")
    if len(parts) >= 2 and all(len(p) == 1 for p in parts):
        return "".join(parts)
    return key


def initials(label: str) -> str:
    """The acronym a long name is known by: 'Democratic National Committee' -> 'dnc'; '' for a
    name of fewer than two capitalised words (linking words are skipped)."""
    words = [w for w in label.replace("-", " ").split() if w.lower() not in _LINK]
    words = [w for w in words if w[:1].isalpha()]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0].lower() for w in words)


#: words that say what kind of body an organization is, not whose: "the Democratic Party" and
#: "the Democratic National Committee" are one party and its governing body
_BODY_WORDS = frozenset(
    ["party", "committee", "national", "central", "executive", "council", "federal", "the", "of"]
)


def organization_core(label: str) -> str:
    """What names an organization without the words for its kind of body: 'Democratic Party'
    and 'Democratic National Committee' -> 'democratic'; '' when nothing else is left."""
    words = [w for w in label.lower().replace(".", "").split() if w not in _BODY_WORDS]
    return " ".join(words)
