"""The bundled documents become the records the issue describes (#2)."""
from __future__ import annotations

import re

import pytest

from renkei.corpus import bundled_records, data_files
from renkei.corpus.documents.kyoto import tables as kyoto

RECORDS = bundled_records()
BY_ID = {r.id: r for r in RECORDS}


def of(institution: str, kind: str) -> list:
    return [r for r in RECORDS if r.institution == institution and r.kind == kind]


def test_ids_are_unique_and_stable():
    assert len(BY_ID) == len(RECORDS)
    assert [r.id for r in bundled_records()] == [r.id for r in RECORDS]
    assert all(re.fullmatch(r"[a-z0-9/\-]+", r.id) for r in RECORDS)


def test_keio_has_one_record_per_agreement_including_undated():
    keio = of("Keio University", "regional-agreement")
    dated = [r for r in keio if r.date]
    text = data_files.read_text(data_files.KEIO)
    assert len(dated) == text.count("Date of conclusion:") == 16
    undated = [r for r in keio if not r.date]
    assert len(undated) == 3
    assert any("Motoyoshi District" in r.text for r in undated)
    assert any("Shibuya Scramble Square" in r.text for r in undated)


def test_keio_fields():
    nakatsu = BY_ID["keio/2021-04-22/oita-prefecture-nakatsu-city"]
    assert nakatsu.date == "2021-04-22" and nakatsu.year == 2021
    assert nakatsu.partners == ("Oita Prefecture Nakatsu City",)
    assert nakatsu.links == ("http://www.community.keio.ac.jp/social/ooita/01.html",)
    assert "jitsugaku" in nakatsu.text
    olympics = BY_ID["keio/2016-02-08/british-olympic-association-japanese-olympic-committee-city-of-yokohama-kawasaki-city"]
    assert olympics.partners == ("British Olympic Association", "Japanese Olympic Committee",
                                 "City of Yokohama", "Kawasaki City")
    # 'Partner:' (singular) is one body even with 'and' in its name
    kanagawa = next(r for r in RECORDS if r.date == "2019-06-18")
    assert kanagawa.partners == ("Kanagawa Institute of Industrial Science and Technology",)
    jal = next(r for r in RECORDS if r.date == "2018-09-21")
    assert jal.partners == ("Japan Airlines Co., Ltd.",)


def test_kyoto_memoranda_agree_with_the_documents_totals():
    sections = kyoto.split_sections(data_files.read_text(data_files.KYOTO).splitlines())
    rows, stated, _ = kyoto.memoranda_rows(sections["Academic Exchange Memoranda"], "kyoto")
    assert stated == (194, 153)
    memoranda = of("Kyoto University", "exchange-memorandum")
    assert sum(r.mou_year is not None for r in memoranda) == 194
    assert sum(r.sea_year is not None for r in memoranda) == 153
    assert len(memoranda) == len(rows)


MISPLACED = [  # (institution, country the table's label row wrongly suggests, right country)
    ("can-tho-university", "Australia", "Viet Nam"),
    ("north-eastern-hill-university", "Indonesia", "India"),
    ("national-research-and-innovation-agency-brin", "Laos", "Indonesia"),
    ("china-medical-university", "Thailand", "Taiwan"),
]


@pytest.mark.parametrize("slug,wrong,right", MISPLACED, ids=[m[0] for m in MISPLACED])
def test_kyoto_misplaced_country_labels_are_corrected(slug, wrong, right):
    record = BY_ID[f"kyoto/memoranda/{slug}"]
    assert record.country == right != wrong
    assert record.region == "Asia"


def test_kyoto_memoranda_rows():
    cambridge = BY_ID["kyoto/memoranda/university-of-cambridge"]
    assert (cambridge.country, cambridge.region, cambridge.mou_year, cambridge.sea_year) == \
        ("United Kingdom", "Europe", 1997, None)
    queensland = BY_ID["kyoto/memoranda/university-of-queensland"]  # under the stray OCEANIA header
    assert queensland.country == "Australia" and queensland.region == "Oceania"
    otago = BY_ID["kyoto/memoranda/university-of-otago"]
    assert otago.country == "New Zealand" and otago.sea_year == 2016
    muenster = BY_ID["kyoto/memoranda/university-of-muenster"]
    assert muenster.country == "Germany"
    unu = BY_ID["kyoto/memoranda/united-nations-university"]
    assert unu.country is None and unu.region is None
    assert BY_ID["kyoto/memoranda/korea-advanced-institute-of-science-and-technology-kaist"].mou_year == 2005


def test_kyoto_footnote_marks_become_facts_not_names():
    strategic = {r.title for r in of("Kyoto University", "exchange-memorandum") if r.facts.get("strategic_partner")}
    assert strategic == {"National Taiwan University", "University of Vienna", "University of Bordeaux",
                         "Universität Hamburg", "University of Zurich"}
    assert not any("¹" in r.title or "²" in r.title for r in RECORDS)
    uga = BY_ID["kyoto/memoranda/universite-grenoble-alpes-uga"]
    assert "Sciences Po Grenoble-UGA" in uga.text


def test_kyoto_researcher_tables_agree_with_stated_totals():
    sections = kyoto.split_sections(data_files.read_text(data_files.KYOTO).splitlines())
    inbound = kyoto.researcher_table(sections["Researchers from Abroad"], "k", "Researchers from Abroad")
    outbound = kyoto.researcher_table(sections["Researchers going Abroad"], "k", "Researchers going Abroad")
    assert inbound["total"] == 1285 == sum(n for *_, n in inbound["rows"])
    assert outbound["total"] == 3032 == sum(n for *_, n in outbound["rows"])
    for table in (inbound, outbound):
        for region, stated in table["regions"].items():
            assert sum(n for r, _, n in table["rows"] if r == region) == stated, region
    exchange = of("Kyoto University", "researcher-exchange")
    assert sum(r.facts.get("researchers_from_abroad", 0) for r in exchange) == 1285
    assert sum(r.facts.get("researchers_going_abroad", 0) for r in exchange) == 3032
    germany = BY_ID["kyoto/researchers/germany"]
    assert germany.facts == {"researchers_from_abroad": 70, "researchers_going_abroad": 192}
    assert germany.region == "Europe" and germany.year == 2022


UTOKYO_PARTNERS = {
    "北京大学": 6, "ソウル国立大学": 9, "オーストラリア国立大学": 7, "ケンブリッジ大学": 7,
    "カリフォルニア大学バークレー校": 7, "スイス連邦工科大学チューリッヒ校": 5, "プリンストン大学": 0,
    "清華大学": 11, "ストックホルム大学群": 9, "ベトナム国家大学ハノイ校": 4, "ヤンゴン工科大学": 5,
    "国立台湾大学": 8, "ミュンヘン工科大学": 4, "シカゴ大学": 8, "チリ・メキシコ大学群": 9,
    "パリ・グランゼコール群": 6,
}


def test_utokyo_has_sixteen_partner_narratives_with_departments():
    partners = of("The University of Tokyo", "strategic-partnership")
    assert {r.partners[0]: len(r.departments) for r in partners} == UTOKYO_PARTNERS


@pytest.mark.parametrize("record_id,opening", [
    ("utokyo/partners/seoul-national-university", "ソウル国立大学との交流は長い歴史を持ち"),
    ("utokyo/partners/peking-university", "2015年に戦略的パートナーシップ覚書を締結して以来"),
    ("utokyo/partners/eth-zurich", "ETHZチームは例年"),
    ("utokyo/partners/princeton-university", "プリンストン大学は2013年1月に"),
    ("utokyo/partners/university-of-cambridge", "ケンブリッジ大学チームでは"),
    ("utokyo/partners/technical-university-of-munich", "2018年から交流分野を冠した"),
])
def test_utokyo_narratives_go_to_the_partner_named_after_them(record_id, opening):
    assert BY_ID[record_id].text.startswith(opening)


def test_utokyo_department_codes_map_through_the_legend():
    snu = BY_ID["utokyo/partners/seoul-national-university"]
    assert "本学から9部局が参画" in snu.text and len(snu.departments) == 9
    assert snu.departments[:3] == ("法学政治学研究科", "医学系研究科", "工学系研究科")
    ntu = BY_ID["utokyo/partners/national-taiwan-university"]
    assert "合計8部局が参画" in ntu.text and len(ntu.departments) == 8
    anu = BY_ID["utokyo/partners/australian-national-university"]   # '工理' glued, '経 済' split
    assert anu.departments[:3] == ("工学系研究科", "理学系研究科", "経済学研究科")


def test_utokyo_groups_list_every_member():
    stockholm = BY_ID["utokyo/partners/stockholm-universities"]
    assert stockholm.partners == ("ストックホルム大学群", "Stockholm University",
                                  "KTH Royal Institute of Technology", "Karolinska Institutet")
    chile = BY_ID["utokyo/partners/chile-and-mexico-universities"]
    assert "Universidad de Magallanes" in chile.partners and len(chile.partners) == 6


def test_utokyo_line_breaks_inside_words_are_joined():
    cambridge = BY_ID["utokyo/partners/university-of-cambridge"]
    assert "議論を深めました" in cambridge.text
    assert "「UTokyo-Cambridge Voices」" in cambridge.text
    assert "「Education in the Time of Novel Coronavirus」" in cambridge.text
    tsinghua = BY_ID["utokyo/partners/tsinghua-university"]
    assert "Innovative thinking and teamwork" in tsinghua.text
    stockholm = BY_ID["utokyo/partners/stockholm-universities"]
    assert "Online Workshop on Sustainable Developmentを実施しました" in stockholm.text


def test_utokyo_page_furniture_is_not_in_narratives():
    for r in of("The University of Tokyo", "strategic-partnership"):
        assert "Primary Strategic Partnership Universities" not in r.text
        assert "研究科法" not in r.text          # legend entries
        assert not re.search(r"[工理] [総人] 文", r.text)  # code rows


def test_utokyo_sections_are_records_too():
    sections = {r.id for r in of("The University of Tokyo", "section")}
    assert {"utokyo/sections/what-are-strategic-partnerships", "utokyo/sections/aims",
            "utokyo/sections/project-outline", "utokyo/sections/department-list",
            "utokyo/sections/forum", "utokyo/sections/symposium"} == sections
    assert "新領域創成科学研究科（新領域）" in BY_ID["utokyo/sections/department-list"].text
    assert BY_ID["utokyo/sections/forum"].links == ("https://tgu.mext.go.jp/forum/",)
    assert "互恵的で特別な関係性" in BY_ID["utokyo/sections/what-are-strategic-partnerships"].text


def test_languages_and_institutions():
    assert {r.lang for r in of("The University of Tokyo", "strategic-partnership")} == {"ja"}
    # Keio's and Kyoto's documents are English; only Kyoto's summaries have a Japanese twin (test_summaries).
    assert {r.lang for r in RECORDS if r.institution != "The University of Tokyo" and r.kind != "summary"} == {"en"}
    assert {r.institution for r in RECORDS} == {"Keio University", "Kyoto University", "The University of Tokyo"}


def test_a_record_is_rebuilt_from_its_dict_with_or_without_foreign_keys():
    from renkei.corpus import Record
    for record in bundled_records()[::40]:
        data = record.to_dict()
        assert Record.from_dict(data) == record
        assert Record.from_dict({**data, "rank": 1, "score": 0.5}) == record   # a hit's JSON has more keys
        assert Record.from_dict({k: v for k, v in data.items() if k in ("id", "title", "text")}).kind == "document"
    with pytest.raises(TypeError, match="text"):
        Record.from_dict({"id": "x", "title": "t", "rank": 1})
