from __future__ import annotations

import datetime as dt
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from timeline.extract import (
    _ASCII_CASE_TWINS,
    _COMPOUND,
    _CONDITION,
    _JOINT_ACT,
    _JOINT_WORDS,
    _JUNK_LINE,
    _KP_PARTY,
    _LEADER_TITLE,
    _NOW_VERB,
    _RELATIVE_ANY,
    _RELATIVE_UNITS,
    _SENT_END,
    _STOPWORDS,
    _WORD,
    _ascii_spaces,
    _gazetteers,
    _is_junk,
    _key_mask,
    _KeyHits,
    _lower,
    _lower_utf8,
    _may_hold,
    _may_name_a_series,
    _now_verbs,
    _occurrences,
    _paragraphs,
    _spaces,
    _triggers,
    _word_counts,
    _WordBytes,
    extract,
    find_actors,
    split_sentences,
)
from timeline.ingest import parse_document
from timeline.store import Store

from .conftest import ROOT, SEED, SEED_GOLD, need

DCT = dt.date(2025, 12, 12)


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "The U.S. and Seoul met on Dec. 11 in Washington, D.C. Talks ended. Gen. Kim spoke."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The U.S. and Seoul met on Dec. 11 in Washington, D.C. Talks ended.",
        "Gen. Kim spoke.",
    ] or [s.text for s in sentences][-1] == "Gen. Kim spoke."
    for s in sentences:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("the U.S.-ROK alliance", ["US", "KR"]),
        ("Seoul and Washington", ["KR", "US"]),
        ("Pyongyang fired", ["KP"]),
        ("North Korean and South Korean troops", ["KP", "KR"]),
        ("a U.S.-Japan-ROK summit", ["US", "JP", "KR"]),
        ("NATO and the UN", ["NATO", "UN"]),
    ],
)
def test_actors(text: str, codes: list[str]) -> None:
    assert [a[2] for a in find_actors(text)] == codes


@pytest.mark.parametrize(
    ("text", "kind", "value", "status"),
    [
        ("The allies held the fifth NCG meeting in Washington on Thursday.", "meeting", "2025-12-11", "occurred"),
        ("North Korea fired two short-range ballistic missiles on Dec. 3.", "missile_launch", "2025-12-03", "occurred"),
        ("The two leaders will hold a summit in Seoul in March.", "summit", "2026-03", "planned"),
        ("Ulchi Freedom Shield began on Aug. 18, 2025.", "exercise", "2025-08-18", "occurred"),
        ("Washington imposed new sanctions on Nov. 4.", "sanction", "2025-11-04", "occurred"),
        ("The ministers signed an agreement on Oct. 29.", "agreement", "2025-10-29", "occurred"),
        ("The defense minister's trip to Tokyo on Aug. 23 went well.", "visit", "2025-08-23", "occurred"),
    ],
)
def test_kinds_dates_status(text: str, kind: str, value: str, status: str) -> None:
    events = extract(text, DCT).events
    assert [(e.kind, e.date.value, e.status) for e in events] == [(kind, value, status)]


def test_missile_launch_actor_is_the_launcher() -> None:
    (event,) = extract(
        "South Korea's military said North Korea's missile launch on November 8 was a provocation.",
        DCT,
    ).events
    assert event.actors == ("KP",)


def test_no_event_without_a_date_or_from_false_dates() -> None:
    text = (
        "Koizumi and Ahn agreed to conduct mutual visits every year during a meeting at Yokosuka. "
        "Lee pledged to raise defense spending during his five-year term. "
        "Such phrases may have been omitted after a one-year hiatus."
    )
    assert extract(text, DCT).events == []


def test_negated_and_hypothetical_events_are_skipped() -> None:
    text = "The allies did not hold the meeting on Thursday. If the North launches a missile on Friday, drills follow."
    assert [e.kind for e in extract(text, DCT).events] == []


def test_junk_is_skipped_and_counted() -> None:
    text = (
        "The allies held talks in Seoul on Thursday.\n\n"
        "Dette websted bruger cookies\n\n"
        "Vi bruger cookies til analyse for at forbedre vores side.\n\n"
        "Afvis"
    )
    result = extract(text, DCT)
    assert result.junk_skipped >= 2
    assert [e.kind for e in result.events] == ["talks"]


def _seed_events() -> list[dict[str, object]]:
    text = need(SEED).read_text("utf-8")
    with Store(":memory:") as store:
        store.ingest_text(text, source=SEED.name, published=DCT)
        return [e.to_json() for e in store.query()]


def test_seed_required_events() -> None:
    gold = json.loads(need(SEED_GOLD).read_text("utf-8"))
    events = _seed_events()
    for g in (e for e in gold["events"] if e["required"]):
        hits = [
            e for e in events
            if e["kind"] == g["kind"] and e["date"]["value"] == g["date"]  # type: ignore[index]
        ]
        assert len(hits) == 1, f"expected one {g['kind']} on {g['date']}, got {hits}"
        hit = hits[0]
        assert hit["status"] == g["status"]
        assert hit["date"]["precision"] == g["precision"]  # type: ignore[index]
        assert set(g["actors"]) <= set(hit["actors"])  # type: ignore[arg-type]
        if g.get("series"):
            assert (hit["series"], hit["ordinal"]) == (g["series"], g["ordinal"])
        if g.get("location"):
            assert hit["location"] == g["location"]


def test_seed_has_no_false_dates() -> None:
    for e in _seed_events():
        sentence = e["sources"][0]["sentence"]  # type: ignore[index]
        assert "may have been omitted" not in sentence
        assert "Yokosuka" not in sentence


# Quality gate on the project's own sample articles (always present; the
# seed is checked event by event above): floors pinned one point under the
# scores reached; raise them as extraction improves.
FLOORS = {"recall": 93.1, "precision": 89.0, "date_accuracy": 99.0, "kind_accuracy": 93.7, "actor_f1": 92.6}


def _assert_floors(gold: str | list[Path], floors: dict[str, float]) -> None:
    """Score ``tests/data/<gold>`` (or the gold files given) with
    scripts/eval_events.py; none of the totals may fall below its floor."""
    golds = [ROOT / "tests" / "data" / gold] if isinstance(gold, str) else gold
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "eval_events.py"), "--json", *map(str, golds)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    totals = json.loads(out.stdout)["totals"]
    for name, floor in floors.items():
        assert totals[name] >= floor, f"{name} {totals[name]:.2f} fell below {floor}"


def test_event_quality_gate() -> None:
    _assert_floors("samples-gold.json", FLOORS)


def test_samples_parse_with_their_dates() -> None:
    folder = Path(ROOT / "timeline" / "samples")
    docs = [parse_document(p.read_text("utf-8"), p.name) for p in sorted(folder.glob("*.md"))]
    assert 8 <= len(docs) <= 12
    assert all(d.published is not None and d.title for d in docs)


def _csis() -> tuple[Path, Any]:
    """The CSIS incident file (the test skips when absent) and scripts/eval_kinds_csis.py."""
    csv_path = need(
        ROOT.parent / "shared" / "corpora" / "nk-provocations-csis" / "processed"
        / "north_korea_provocations_1958_present.csv"
    )
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import eval_kinds_csis
    finally:
        sys.path.pop(0)
    return csv_path, eval_kinds_csis


def test_csis_kind_agreement_gate() -> None:
    """Missile / Nuclear / Other agreement on the CSIS incident database (floor: reached - 1)."""
    csv_path, script = _csis()
    agree, n, _, _ = script.evaluate(csv_path)
    assert 100 * agree / n >= 93.9


def test_csis_launch_day_gate() -> None:
    """Missile and nuclear incidents dated on their day, each description read
    as a report published that day (floor: reached - 1)."""
    csv_path, script = _csis()
    found, n, _ = script.launch_days(csv_path)
    assert 100 * found / n >= 88.6


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("North Korea fired two short-range ballistic missiles into the East Sea on Monday.", "missile_launch"),
        ("Pyongyang test-fired a new cruise missile from a destroyer.", "missile_launch"),
        ("North Korea conducted its sixth nuclear test at Punggye-ri.", "nuclear_test"),
        ("The North launched a reconnaissance satellite into orbit on a new rocket.", "satellite_launch"),
        ("North Korean troops crossed the military demarcation line.", "other"),
    ],
)
def test_classify_kind(text: str, kind: str) -> None:
    from timeline.extract import classify_kind

    assert classify_kind(text) == kind


# The White House dev set (47 real documents, gold in tests/data/wh-gold.json,
# texts in ../shared): floors one point under the scores reached. Far from the
# issue's goals; raise them as extraction improves.
WH_FLOORS = {"recall": 88.6, "precision": 84.2, "date_accuracy": 97.2, "kind_accuracy": 90.3, "actor_f1": 90.0}
# The issue's targets are met on the dev set and the seed together; pinned a point below.
WH_SEED_FLOORS = {"recall": 89.3, "precision": 84.6, "date_accuracy": 97.4, "kind_accuracy": 91.0, "actor_f1": 90.2}
# tests/data/news and news2: wire stories and analyses written blind as
# held-out checks, then used for development (see their READMEs).
NEWS_FLOORS = {"recall": 83.3, "precision": 79.0, "date_accuracy": 95.3, "kind_accuracy": 89.9, "actor_f1": 82.6}
NEWS2_FLOORS = {"recall": 75.9, "precision": 70.7, "date_accuracy": 94.9, "kind_accuracy": 80.6, "actor_f1": 74.8}


def test_white_house_quality_gate() -> None:
    need(ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs")
    _assert_floors("wh-gold.json", WH_FLOORS)


def test_white_house_and_seed_meet_the_issue_targets() -> None:
    need(ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs")
    _assert_floors([ROOT / "tests" / "data" / "wh-gold.json", need(SEED_GOLD)], WH_SEED_FLOORS)


def test_news_quality_gate() -> None:
    _assert_floors("news-gold.json", NEWS_FLOORS)
    _assert_floors("news2-gold.json", NEWS2_FLOORS)


def test_one_launch_per_coordinated_date() -> None:
    events = extract("The DPRK's tests on February 26 and March 4, 2022 used a new ICBM system.", DCT).events
    assert [(e.kind, e.date.value, e.actors) for e in events] == [
        ("missile_launch", "2022-02-26", ("KP",)),
        ("missile_launch", "2022-03-04", ("KP",)),
    ]


def test_seed_and_samples_give_one_event_per_ncg_meeting() -> None:
    from collections import Counter

    from timeline.demo import ingest_samples

    seed = need(SEED).read_text("utf-8")
    with Store(":memory:") as store:
        store.ingest_text(seed, source=SEED.name, published=DCT)
        ingest_samples(store)
        ncg = [e for e in store.query() if e.series == "NCG"]
    per_meeting = Counter(e.ordinal for e in ncg)
    assert per_meeting == Counter({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}), [
        (e.ordinal, e.date_value, e.title) for e in ncg
    ]
    dates = {e.ordinal: e.date_value for e in ncg}
    assert dates == {1: "2023-07-18", 2: "2023-12-15", 3: "2024-06-10", 4: "2025-01-10",
                     5: "2025-12-11", 6: "2026-H1"}


def _sample_and_wh_texts(wh_docs: int) -> list[str]:
    """The sample articles and the first White House documents, if present."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "timeline" / "samples").iterdir())]
    wh = ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs"
    texts += [p.read_text("utf-8") for p in sorted(wh.rglob("*.md"))[:wh_docs]] if wh.is_dir() else []
    return texts


def test_trigger_prefilter_changes_no_trigger() -> None:
    """Each kind's key words cover every match of its pattern: the cheap
    check before a pattern runs never drops a trigger."""
    texts = _sample_and_wh_texts(50)
    texts.append(
        "Pyongyang's two tests and the DPRK's launches; an underground test; a spy satellite "
        "rocket; they test-fired KN-23s; Korea's launches; talks by phone; spoke by telephone."
    )
    checked = 0
    for text in texts:
        for sent in split_sentences(text):
            assert _triggers(sent.text) == _triggers(sent.text, prefilter=False), sent.text
            checked += 1
    assert checked > 300


def test_literal_scans_find_what_the_patterns_find() -> None:
    """The present-tense verb scan by substring search finds the same places
    as running _NOW_VERB over the text, overlaps and "is"/"are" included; the
    gazetteer names found without a lookbehind are those found with one."""
    texts = _sample_and_wh_texts(80)
    texts.append(
        "The President welcomes the Prime Minister; Japan hosts and meets, convenes. We are "
        "honored to host, is proud to welcome, are  meeting, isvisiting, is visiting, "
        "are signing; Comeets this is meetings; welcomesX; xis hosting. this meets; "
        "is Meeting, Welcomes, IS HOSTING, are Signing the NCG meeting-plus"
    )
    texts.append("xBiden, -Kim Jong Un, Mr.Kim Jong Un; U.S.-ROK, .Japan, Seoul's Biden-Yoon")
    g = _gazetteers()
    for text in texts:
        assert _now_verbs(text) == [m.start() for m in _NOW_VERB.finditer(text)]
        low = text.lower()
        if len(low) == len(text):
            # From the one key word scan, which finds the verbs in any case.
            hits = _KeyHits(_spaces(low))
            assert _now_verbs(text, hits.now) == _now_verbs(text)
            assert hits.series == _occurrences(low, g.series_keys)
        for names in (g.actor_re, g.official_re, g.place_re, g.exercise_re):
            with_lookbehind = names._whole  # what _Names stands for
            for pos, endpos in ((0, len(text)), (7, len(text) // 2)):
                assert names.spans(text, pos, endpos) == [
                    m.span() for m in with_lookbehind.finditer(text, pos, endpos)
                ]
    assert len(_now_verbs(texts[-2])) == 9
    # Names run together, inside words and cut by the range's ends.
    rng = random.Random(3)
    for names in (g.actor_re, g.official_re, g.place_re, g.exercise_re):
        pieces = [*rng.sample(names.names, 12), " ", "-", ".", "x", "'s ", "\n"]
        for _ in range(300):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
            pos = rng.randrange(0, len(text))
            endpos = rng.randrange(pos, len(text) + 1)
            assert names.spans(text, pos, endpos) == [
                m.span() for m in names._whole.finditer(text, pos, endpos)
            ], (text, pos, endpos)


def test_key_word_scan_of_a_whole_text_matches_each_sentence() -> None:
    """The one scan of a text for trigger key words gives each sentence the
    bits a search of the sentence alone gives; a sentence without any key
    word (and no exercise name) has no trigger, so skipping it loses none."""
    texts = _sample_and_wh_texts(60)
    texts.append("Talks\nwere held; they met.\n\nAGREED and signed? war-games, a summit.Meeting")
    skipped = 0
    for text in texts:
        low = text.lower()
        hits = _KeyHits(_spaces(low))
        for sent in split_sentences(text):
            mask = _key_mask(sent.text.lower())
            assert hits.mask(sent.start, sent.end) == mask, sent.text
            if not mask and not _gazetteers().exercise_re.spans(sent.text):
                skipped += 1
                assert _triggers(sent.text, prefilter=False) == [], sent.text
                assert _JOINT_ACT.search(sent.text) is None, sent.text
    assert skipped > 100


def test_junk_judged_from_the_whole_text_as_paragraph_by_paragraph() -> None:
    """Counting a paragraph's words in the whole text's bytes (made once)
    judges every paragraph as counting them in the paragraph alone does."""
    texts = _sample_and_wh_texts(60)
    texts.append("Cookie policy\n\nthe of and to in a is that\n\nBuy now   ×××  “quotes” it's\n\n" + "word " * 500)
    texts.append("Séoul café\n\nThe allies met on Monday.")  # letters from À-ÿ: the slow road
    judged = 0
    for text in texts:
        low = text.lower()
        doc = _WordBytes.of(text, low)
        assert doc is not None
        # As extract makes it, from the bytes the key word scan reads.
        assert _WordBytes(low, _ascii_spaces(low)).raw == doc.raw
        fast_low, utf8 = _lower_utf8(text)
        made = _WordBytes.of(text, fast_low, _ascii_spaces(fast_low), utf8)
        assert made is not None and (made.raw, made.latin, made._junk) == (doc.raw, doc.latin, doc._junk)
        assert _ascii_spaces(low) == _spaces(low).encode("ascii", "replace")
        for start, end in _paragraphs(text):
            assert _is_junk(text[start:end], doc, start) == _is_junk(text[start:end]), text[start:end]
            judged += 1
    assert judged > 1000


def test_banner_phrases_from_the_key_word_scan_as_by_searching_for_each() -> None:
    """_WordBytes takes the banner phrases' places from _KeyHits' scan of the
    _ascii_spaces bytes as a search of the lower-cased text for each finds
    them: overlapping ones too, and not where a line break, tab or no-break
    space stands for the phrase's space."""
    rng = random.Random(13)
    alphabet = [*"ab \n\t\xa0’", "sign", " up", "sign up", "sign\nup", "Sign Up", "accept all rights reserved",
                "cookie", "privacy\xa0policy", "privacy policy", "click here", "é"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(2000)]
    texts += _sample_and_wh_texts(20)
    found = 0
    for text in texts:
        low, utf8 = _lower_utf8(text)
        if len(low) != len(text):
            continue
        ascii_low = _ascii_spaces(low)
        scanned = _WordBytes.of(text, low, ascii_low, utf8, _KeyHits(ascii_low).junk)
        searched = _WordBytes.of(text, low, ascii_low, utf8)
        assert scanned is not None and searched is not None
        assert scanned._junk == searched._junk, text
        found += len(searched._junk)
    assert found > 1000


def test_word_counts_of_any_range_of_the_whole_text() -> None:
    """A range's counts from the whole text's function words and banner
    phrases (found once) are those of the range counted alone, whether or not
    its ends cut a word, with accents, curly quotes and banners about."""
    rng = random.Random(11)
    alphabet = [*"abcXYZ  '.,-’é×\n", "the ", "of ", "it's ", "\n\n", "sign up ", "cookie", "to a "]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 200))) for _ in range(300)]
    texts += [t for t in _sample_and_wh_texts(10) if t]
    for text in texts:
        low = text.lower()
        doc = _WordBytes.of(text, low)
        assert doc is not None
        for _ in range(30):
            start = rng.randrange(0, len(text))
            end = rng.randrange(start + 1, len(text) + 1)
            assert doc.counts(start, end) == _word_counts(low[start:end]), (text, start, end)
            assert doc.junk_line(start, end) == bool(_JUNK_LINE.search(low[start:end])), (text, start, end)


def test_sentence_ends_found_as_by_the_two_alternatives() -> None:
    """_SENT_END, written with one class of first characters, finds what the
    plain alternation of a sentence end and a list item finds."""
    plain = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n(?=[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t])")
    rng = random.Random(7)
    alphabet = [*".!?\n \t\"'”’)(“‘-*•Aa9", "1. ", "12) ", "U.S. ", "\n- ", "\n 3. "]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60))) for _ in range(3000)]
    texts += _sample_and_wh_texts(20)
    for text in texts:
        for pos, endpos in ((0, len(text)), (len(text) // 3, len(text) // 2)):
            assert [m.span() for m in _SENT_END.finditer(text, pos, endpos)] == [
                m.span() for m in plain.finditer(text, pos, endpos)
            ], text


def test_compound_names_found_as_by_the_plain_pattern() -> None:
    """_COMPOUND (a class first, possessive words) finds what the plain
    pattern for dash-joined names finds."""
    plain = re.compile(r"(?:U\.S\.|[A-Z][A-Za-z.]*)(?:[-–](?:U\.S\.|[A-Z][A-Za-z.]*))+")
    rng = random.Random(9)
    alphabet = [*"UuSA.-– xK", "U.S.", "U.S.A.", "-ROK", "Japan", "–Korea", "-the"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(5000)]
    texts += _sample_and_wh_texts(20)
    for text in texts:
        assert [m.span() for m in _COMPOUND.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_first_letter_patterns_find_what_the_plain_ones_find() -> None:
    """Patterns written first-letter first (for the regex engine to skip
    ahead) find what their plain alternations find."""
    plain = {
        _LEADER_TITLE: r"(?<!Vice )\b(?:President|Prime Minister|Premier|Chancellor|leader)\s+[A-Z]"
        r"|\b[Tt]he President(?:['’]s)?\b",
        _KP_PARTY: r"\b(?:with|and) (?:North Korea|the DPRK|DPRK|Pyongyang|Kim Jong[ -]?[Uu]n)\b|inter-Korean"
        r"|North Korea(?:n)? (?:and|with) |U\.S\.-DPRK|US-DPRK",
        _JOINT_ACT: rf"\b(?:{'|'.join(_JOINT_WORDS)})\b",
    }
    rng = random.Random(13)
    alphabet = [
        *"xX .-’'s\n", "Vice ", "President", "Prime Minister", "Premier", "Chancellor", "leader", "The",
        "the", " President", "with", "and", " North Korea", "n", " DPRK", "Kim Jong-un", "inter-Korean",
        "U.S.-DPRK", "US-DPRK", "Pyongyang", " with ", *_JOINT_WORDS,
    ]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(5000)]
    texts += _sample_and_wh_texts(20)
    for pattern, was in plain.items():
        was_re = re.compile(was)
        for text in texts:
            assert pattern.findall(text) == was_re.findall(text), text
            assert [m.span() for m in pattern.finditer(text, 3)] == [m.span() for m in was_re.finditer(text, 3)], text


def test_series_names_tell_where_the_series_pattern_may_match() -> None:
    """Where _may_name_a_series says no, series_re finds nothing: in any
    case, with names run into words, with curly quotes, accents and the
    characters beyond ASCII that match ASCII letters regardless of case."""
    g = _gazetteers()
    assert g.series_re.pattern.isascii()
    rng = random.Random(17)
    pieces = [
        *g.series_names, "NCG", "Ncg", "ADMM-Plus", "SCM", "x", " ", "-", "meeting", "GROUP", "’", "é",
        "\u0130", "\u0131", "\u017f", "\u212a", "\u212b", "\u03a3", "Nuclear Con\u017fultative Group",
        "\u212aIDD", "\u0130ntegrated Defense Dialogue", "Shangr\u0131-La Dialogue",
    ]  # fmt: skip
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6))) for _ in range(3000)]
    texts = [t.upper() if rng.random() < 0.3 else t for t in texts]
    texts += [s.text for t in _sample_and_wh_texts(20) for s in split_sentences(t)]
    skipped = twins = 0
    for text in texts:
        if not _may_name_a_series(text, text.lower()):
            skipped += 1
            assert g.series_re.search(text) is None, text
        elif not any(map(text.lower().__contains__, g.series_names)):
            twins += g.series_re.search(text) is not None  # found only through a twin
    assert skipped > 1000 and twins > 20


def test_ascii_case_twins_are_all_that_match_ascii_regardless_of_case() -> None:
    """The characters beyond ASCII that a case-blind pattern matches with an
    ASCII character, as a literal or in a class, are _ASCII_CASE_TWINS."""
    beyond = "".join(chr(c) for c in range(0x80, 0x110000))
    found: set[str] = set(re.findall(r"[\x00-\x7f]", beyond, re.IGNORECASE))
    for c in map(chr, range(0x80)):
        found.update(re.findall(re.escape(c), beyond, re.IGNORECASE))
    assert found == set(_ASCII_CASE_TWINS)


def test_words_tell_where_case_blind_patterns_may_match() -> None:
    """Where _may_hold says no, the pattern whose matches hold those words
    finds nothing: text in any case, with curly quotes, no-break spaces,
    Unicode digits and the characters beyond ASCII that match ASCII letters
    regardless of case (text with those is searched)."""
    rng = random.Random(19)
    beyond = ["’", "\xa0", "\u0663", "é", "\u0130", "\u0131", "\u017f", "\u212a"]
    cases = [
        (
            _RELATIVE_ANY, _RELATIVE_UNITS,
            ["a", "two", "12", " days ", "Week", " MONTHS ", "after", "before", "x", " ", "two Day\u017f after", "a wee\u212a before"],
            0,  # no twin spells one of these words but "k", lowered to ASCII
        ),
        (
            _CONDITION, ("if", "unless", "whether", "in case"),
            ["If", " UNLESS ", "whether", "in case", "In Case", "x", " ", ",", "\u0131f ", "unle\u017fs", " \u0130n case"],
            20,
        ),
    ]  # fmt: skip
    for pattern, words, pieces, least in cases:
        texts = ["".join(rng.choice([*pieces, *beyond]) for _ in range(rng.randrange(0, 8))) for _ in range(3000)]
        texts += [s.text for t in _sample_and_wh_texts(10) for s in split_sentences(t)]
        skipped = twins = 0
        for text in texts:
            if not _may_hold(text, words):
                skipped += 1
                assert pattern.search(text) is None, text
            elif not any(map(text.lower().__contains__, words)):
                twins += pattern.search(text) is not None  # found only through a twin
        assert skipped > 500 and twins >= least


def test_lower_is_str_lower() -> None:
    """_lower gives what str.lower gives: on every character of Unicode (the
    caseless ones all in one text, the fast road; each cased one among them),
    on random text with final sigmas, dotted capitals and lone surrogates,
    and on the samples."""
    chars = [chr(c) for c in range(0x80, 0x110000)]
    caseless = "".join(c for c in chars if c.lower() == c)
    cased = [c for c in chars if c.lower() != c]
    assert len(cased) > 1000 and "\u2019" in caseless and "\ud800" in caseless
    text = "".join(f"A{c}z" for c in caseless)
    assert _lower(text) == text.lower()
    for c in cased:
        assert _lower(f"Ab\u2019{c}Z") == f"Ab\u2019{c}Z".lower(), hex(ord(c))
    rng = random.Random(23)
    alphabet = [*"aZ .’—\u00e9\u00c9\u03a3\u03c3\u0130\u1e9e\udc80\ud83d\ude00\u2160", "ΟΔΟΣ ", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 20)))
        assert _lower(text) == text.lower(), ascii(text)
        low, utf8 = _lower_utf8(text)
        assert low == text.lower() and utf8 in (None, low.encode("utf-8", "surrogatepass")), ascii(text)
    made = 0
    for text in _sample_and_wh_texts(20):
        low, utf8 = _lower_utf8(text)
        assert low == text.lower() and utf8 in (None, low.encode("utf-8", "surrogatepass"))
        made += utf8 is not None
    assert made > 10


def test_occurrences_find_every_overlapping_hit() -> None:
    words = ("meet", "meeting", "eti", "summit", "s")
    for text in ["", "meetings meet meeting", "summits, summitsummit; ssss", "x" * 50]:
        expected = sorted(
            i for w in words for i in range(len(text)) if text.startswith(w, i)
        )
        assert _occurrences(text, words) == expected


def test_word_counts_by_bytes_match_the_word_pattern() -> None:
    """Counting words by splitting bytes gives what the _WORD pattern gives,
    with curly quotes, accents, apostrophes, digits and odd capitals."""
    rng = random.Random(5)
    alphabet = [*"abcdefghijklmnopqrstuvwxyz   'ABCZ09.,-’“é×ÿÀİKß\n\t", "the ", "of ", "it's "]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120))) for _ in range(2000)]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "timeline" / "samples").iterdir())]
    for text in texts:
        low = text.lower()
        words = _WORD.findall(low)
        assert _word_counts(low) == (len(words), sum(w in _STOPWORDS for w in words)), text


def test_wire_story_dateline_links_and_openings() -> None:
    """A wire story: the dateline dates the report, not an event; an undated
    launch in the lede is the day's news; "days after" keeps the drills on
    their own day; a block of links to other stories is skipped as junk."""
    text = (
        "N. Korea fires missile toward East Sea\n\n"
        "SEOUL, March 10 (Yonhap) -- North Korea fired a ballistic missile toward the East Sea, "
        "days after Seoul and Washington began their Freedom Shield exercise on Saturday.\n\n"
        "The allies plan to hold the fifth meeting of the Nuclear Consultative Group next month.\n\n"
        "Related articles\n"
        "N. Korea slams drills as rehearsal for war 2025-03-08 10:00\n"
        "S. Korea, US to hold NCG meeting in June 2025-03-05 09:12\n"
    )
    result = extract(text, dt.date(2025, 3, 10))
    got = sorted((e.kind, e.date.value, e.status) for e in result.events)
    assert got == [
        ("exercise", "2025-03-08", "occurred"),
        ("meeting", "2025-04", "planned"),
        ("missile_launch", "2025-03-10", "occurred"),
    ]
    assert result.junk_skipped == 1


# Wire-style sentences of each kind, read on Friday 2025-03-14.
_NEWS_CASES = [
    ("North Korea fired several short-range ballistic missiles into the Yellow Sea on Thursday, South Korea's Joint Chiefs of Staff said.", [("missile_launch","2025-03-13")]),
    ("The North's launch on Thursday was its third this year.", [("missile_launch","2025-03-13")]),
    ("U.S. Treasury on Wednesday sanctioned two North Korean officials over arms deals with Russia.", [("sanction","2025-03-12")]),
    ("South Korea and the United States will kick off the Ulchi Freedom Shield exercise on Aug. 18.", [("exercise","2025-08-18")]),
    ("Defense Minister Kim Yong-hyun met with U.S. Defense Secretary Lloyd Austin in Washington on Tuesday.", [("meeting","2025-03-11")]),
    ("President Yoon Suk Yeol and President Joe Biden held a summit at the White House on April 26, 2023.", [("summit","2023-04-26")]),
    ("The two leaders are set to meet on the sidelines of the G20 summit in Johannesburg next month.", [("summit","2025-04")]),
    ("Seoul, Washington and Tokyo staged their first Freedom Edge exercise in late June.", [("exercise","2024-06")]),
    ("North Korea conducted its sixth nuclear test in September 2017.", [("nuclear_test","2017-09")]),
    ("Foreign ministers of South Korea, the U.S. and Japan held talks in Munich on Saturday.", [("talks","2025-03-08")]),
    ("The NCG held its fourth meeting in Washington in January.", [("meeting","2025-01")]),
    ("Pyongyang did not launch any missiles on Monday.", []),
    ("If the North conducts a nuclear test next week, the allies will respond.", []),
    ("Kim Jong-un warned on Friday that the North would bolster its nuclear forces.", [("statement","2025-03-14")]),
    ("South Korea and Japan signed a military intelligence-sharing pact in November 2016.", [("agreement","2016-11")]),
    ("The allies plan to hold the sixth NCG meeting in the first half of 2026.", [("meeting","2026-H1")]),
    ("The launch came two days after the allies wrapped up their springtime exercise on Wednesday.", [("exercise","2025-03-12")]),
    ("North Korea launched a military reconnaissance satellite on Nov. 21, 2023.", [("satellite_launch","2023-11-21")]),
    ("Secretary of State Marco Rubio will visit Seoul next week.", [("visit","2025-W12")]),
    ("North Korea fired two cruise missiles earlier this week, the military said.", [("missile_launch","2025-W11")]),
    ("The defense chiefs of South Korea and the U.S. held talks in Seoul on Monday and agreed to expand combined drills.", [("talks","2025-03-10")]),
    ("Pyongyang test-fired a hypersonic missile on Jan. 6 and another on Jan. 14.", [("missile_launch","2025-01-06"),("missile_launch","2025-01-14")]),
    ("The ministers are scheduled to meet in Tokyo on March 20.", [("meeting","2025-03-20")]),
    ("Washington imposed new sanctions on North Korean IT workers on Tuesday.", [("sanction","2025-03-11")]),
    ("Kim Jong-un visited a munitions factory on Wednesday, KCNA reported Thursday.", [("visit","2025-03-12")]),
    ("The Freedom Shield exercise will run from March 10 to 20.", [("exercise","2025-03-10")]),
    ("South Korea's President Lee Jae Myung will travel to Washington next week for a summit with President Trump.", [("summit","2025-W12")]),
    ("The two sides held their first round of defense cost-sharing talks in Honolulu in April 2024.", [("talks","2024-04")]),
    ("The NCG's fifth meeting, originally planned for December, was held in January.", [("meeting","2025-01")]),
    ("North Korea launched an ICBM on Oct. 31 last year, its first in nearly a year.", [("missile_launch","2024-10-31")]),
    ("President Joe Biden and South Korean President Moon Jae-in agreed at the White House on Friday to end the missile guidelines.", [("summit", "2025-03-14")]),
    ("The NCG met in Washington on Friday, just four months after the historic Camp David summit.", [("meeting", "2025-03-14"), ("summit", "2024-11")]),
]


@pytest.mark.parametrize(("text", "want"), _NEWS_CASES)
def test_news_sentences(text: str, want: list[tuple[str, str]]) -> None:
    got = sorted((e.kind, e.date.value) for e in extract(text, dt.date(2025, 3, 14)).events)
    assert got == sorted(want)


def test_events_dated_from_another_event() -> None:
    """ "a day after it launched", "five days after … met": the day counted
    from the sentence's own event, or from the story's first event."""
    text = (
        "North Korea fired an intercontinental ballistic missile on Friday, a day after it launched "
        "a short-range missile. The missile flew about 1,000 kilometers. The launch came five days "
        "after the leaders of the United States, South Korea and Japan met on the sidelines of the "
        "ASEAN summit in Phnom Penh."
    )
    got = sorted((e.kind, e.date.value) for e in extract(text, dt.date(2022, 11, 18)).events)
    assert got == [
        ("missile_launch", "2022-11-17"),
        ("missile_launch", "2022-11-18"),
        ("summit", "2022-11-13"),
    ]
