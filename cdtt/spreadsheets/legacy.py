"""Text typed in the old Vietnamese font encodings, TCVN3 (ABC) and VNI, turned into Unicode.

Before Unicode, Vietnamese offices typed with fonts that drew Vietnamese letters in place of
Western ones: "Lß V¨n Hïng" in a .VnTime (TCVN3) font reads "Lò Văn Hùng", and
"Loø Vaên Huøng" in a VNI-Times font reads the same. Old commune lists still carry such
text; stored as it is, a name would be garbage for ever. No maintained converter for either
exists on PyPI, so the two public tables live here, tested letter by letter.

A sheet is converted only when it shows the marks of one encoding (characters that no
Vietnamese Unicode text uses) and converting makes its words Vietnamese; the importer is told.
"""

import re
import unicodedata

from cdtt.vietnamese import fold

TCVN3 = "TCVN3"
VNI = "VNI"

# TCVN3 (TCVN 5712:1993, the "ABC" fonts .VnTime…): one byte per letter.
_TCVN3_LETTERS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ \xadư "
    "õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ"
)
TCVN3_TABLE = {pair[0]: pair[1] for pair in _TCVN3_LETTERS.split(" ")}

# VNI (VNI-Windows fonts, VNI-Times…): a Latin vowel followed by a mark drawn over it.
_VNI_BASES = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "y": "y", "i": "i"}
_VNI_MARKS_LOWER = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_MARKS_UPPER = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# Â/Ê (with tones: á à å ã ä) after a, e, o: circumflex; ê (é è ú ü ë) after a: breve.
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303",
                   "ä": "\u0323"}  # fmt: skip
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _vni_table() -> dict[str, str]:
    table = {}
    for upper in (False, True):
        marks = _VNI_MARKS_UPPER if upper else _VNI_MARKS_LOWER
        for base in "aeouy":
            letter = base.upper() if upper else base
            for mark, tone in marks.items():
                table[letter + mark] = letter + tone
        for base in "aeo":
            letter = base.upper() if upper else base
            for mark, tone in _VNI_CIRCUMFLEX.items():
                table[letter + (mark.upper() if upper else mark)] = letter + "\u0302" + tone
        letter = "A" if upper else "a"
        for mark, tone in _VNI_BREVE.items():
            table[letter + (mark.upper() if upper else mark)] = letter + "\u0306" + tone
        # ơ and ư are single characters (ô, ö) that take the same tone marks as a, e, o…
        for vni, horn in (("ô", "o\u031b"), ("ö", "u\u031b")):
            vni_letter = vni.upper() if upper else vni
            horn_letter = horn.upper() if upper else horn
            table[vni_letter] = horn_letter
            for mark, tone in marks.items():
                table[vni_letter + mark] = horn_letter + tone
    # i, and the ỵ, take single characters.
    table.update(dict(zip("íìæóòîñÍÌÆÓÒÎÑ", "íìỉĩịỵđÍÌỈĨỊỴĐ", strict=True)))
    return {key: unicodedata.normalize("NFC", value) for key, value in table.items()}


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))

# Characters that Vietnamese Unicode text never holds but one of the encodings does.
_UNICODE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
TCVN3_MARKS = frozenset(TCVN3_TABLE) - _UNICODE_LATIN1
VNI_MARKS = frozenset("øûïåäëüöñæîØÛÏÅÄËÜÖÑÆÎ")
_VNI_PAIRS = [key for key in VNI_TABLE if len(key) == 2]


def _vni_marked(text: str) -> bool:
    return bool(VNI_MARKS.intersection(text)) or any(pair in text for pair in _VNI_PAIRS)


_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(a|ai|ao|au|ay|e|eo|i|ia|ie|iu|o|oa|oai|oao|oay|oe|oi|oo|u|ua|uai|uay|ue|ui|uo|uoi|uou|"
    r"uu|uy|uya|uye|uyu|y|ya|ye|yeu|ieu|uoi|uye|iu|eu|ua|ue|uo)"
    r"(ch|ng|nh|[cmnpt])?$"
)


def to_unicode(text: str, encoding: str) -> str:
    """The text in Unicode (NFC); words in capitals stay in capitals (.VnTimeH fonts)."""
    if encoding == TCVN3:
        words = []
        for word in text.split(" "):
            converted = "".join(TCVN3_TABLE.get(c, c) for c in word)
            latin = [c for c in word if c.isascii() and c.isalpha()]
            if len(latin) > 1 and all(c.isupper() for c in latin):
                converted = converted.upper()
            words.append(converted)
        result = " ".join(words)
    else:
        result = _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text)
    return unicodedata.normalize("NFC", result)


def _vietnamese_share(texts: list[str]) -> float:
    """The share of words that are Vietnamese syllables (one tone at most, a known shape)."""
    words = [w for text in texts for w in re.findall(r"[^\W\d_]+", text)]
    if not words:
        return 0.0
    good = 0
    for word in words:
        tones = sum(1 for c in unicodedata.normalize("NFD", word.lower()) if c in
                    "\u0300\u0301\u0303\u0309\u0323")  # fmt: skip
        if (
            tones <= 1
            and _SYLLABLE.match(fold(word))
            and all(c.isascii() or "\u00c0" <= c <= "\u1ef9" for c in word)
        ):
            good += 1
    return good / len(words)


def detect(texts: list[str]) -> str | None:
    """TCVN3 or VNI when the texts are written in it, else None (Unicode, or plain ASCII)."""
    legacy = [t for t in texts if not any(ord(c) > 0xFF for c in t)]
    if not legacy or len(legacy) < len(texts) / 2:
        return None  # mostly Unicode already
    best, best_share = None, 0.6
    tests = ((TCVN3, lambda t: bool(TCVN3_MARKS.intersection(t))), (VNI, _vni_marked))
    for encoding, is_marked in tests:
        marked = [t for t in legacy if is_marked(t)]
        if not marked:
            continue
        before = _vietnamese_share(marked)
        after = _vietnamese_share([to_unicode(t, encoding) for t in marked])
        if after > best_share and after > before + 0.2:
            best, best_share = encoding, after
    return best


FONT_NAMES = {TCVN3: "TCVN3 (ABC, .VnTime)", VNI: "VNI (VNI-Times)"}
