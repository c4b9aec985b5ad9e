"""The real policy/ loads, is complete, and says what the notice says (verbatim text, readings, references)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.loading.model import Clause, Policy
from sitegen.loading.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
SOURCE_COPY = ROOT / "policy" / "source" / "notice-zxwyb-2022-3.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "notice-zxwyb-2022-3.txt"
CITED_TITLE = "《关于进一步规范工业地产模式小微企业园开发建设管理和运营管理工作的通知》（浙小微园办〔2022〕3号）"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policy")


def reading_for(clause: Clause, fragment: str):
    """The clause's reading whose as_transcribed contains `fragment` (fails if none)."""
    found = [r for r in clause.readings if fragment in r.as_transcribed]
    assert found, f"{clause.id} has no reading of {fragment!r}; it has {[r.as_transcribed for r in clause.readings]}"
    return found[0]


def test_sixteen_clauses_in_five_sections(policy: Policy) -> None:
    assert [c.id for c in policy.clauses] == [f"clause-{n:02d}" for n in range(1, 17)]
    assert [c.label for c in policy.clauses][:3] == ["（一）", "（二）", "（三）"]
    assert policy.clause("clause-16").label == "（十六）" and policy.clause("clause-16").source_label == "(十六)"
    assert [(s.label, s.title, len(s.clauses)) for s in policy.sections] == [
        ("一", "加强规划和设计", 4),
        ("二", "严格土地出让管理", 3),
        ("三", "规范租售和转让", 3),
        ("四", "提升运营和服务", 3),
        ("五", "强化监督管理", 3),
    ]
    assert policy.sections[2].clauses == ("clause-08", "clause-09", "clause-10")


def test_notice_metadata(policy: Policy) -> None:
    n = policy.notice
    assert n.doc_number == "浙小微园办〔2022〕3号" and n.date == "2022-06-01" and n.printed_date == "2022-06-01"
    assert n.issuer == "浙江省小微企业园工作联席会议办公室" and "代章" in n.seal
    assert n.cc == "各市、县（市、区）经信局" and n.printed_by == "浙江省经济和信息化厅办公室"
    assert n.status == "in-force-as-far-as-known" and "未能核实" in n.status_note
    assert policy.citation(policy.clause("clause-08")) == CITED_TITLE + "第（八）条"
    # The title as cited has no wrap space; the transcribed one keeps it, with its reading on the notice.
    assert " " in n.title_as_transcribed and " " not in n.title
    assert [r.as_transcribed for r in n.readings] == ["小微企业园 开发建设"]


def _repaired_source(policy: Policy, path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for repair in policy.notice.layout_repairs:
        text = text.replace(repair.as_transcribed, repair.repaired)
    return text


@pytest.mark.parametrize("source", [SOURCE_COPY, SHARED_SOURCE], ids=["policy-copy", "shared-original"])
def test_every_clause_is_verbatim_in_the_source(policy: Policy, source: Path) -> None:
    if not source.exists():
        pytest.skip(f"{source} is not on this machine")
    lines = [line.rstrip() for line in _repaired_source(policy, source).splitlines()]
    for clause in policy.clauses:
        assert any(
            line in (clause.source_label + clause.text, f"{clause.source_label} {clause.text}") for line in lines
        ), f"{clause.id} is not a line of {source}"
    assert policy.notice.preamble in lines
    # Only the three page breaks are repaired; nothing else differs from the file as it is.
    assert [r.repaired for r in policy.notice.layout_repairs] == ["按照打造", "鼓励", "重要内容"]


def test_policy_copy_of_the_source_is_byte_identical() -> None:
    if not SHARED_SOURCE.exists():
        pytest.skip("the shared transcription is not on this machine")
    assert SOURCE_COPY.read_bytes() == SHARED_SOURCE.read_bytes()


def test_slips_and_spaces_are_kept_verbatim(policy: Policy) -> None:
    assert "不少于 100 亩，山区 26 县" in policy.clause("clause-01").text
    assert "按照打造" in policy.clause("clause-01").text
    assert "（浙政办发〔2021〕59 号）" in policy.clause("clause-03").text
    assert "开发小微企业的项目的地价" in policy.clause("clause-06").text
    assert "规范小微工业园物业费" in policy.clause("clause-11").text
    assert "党风廉政建设的重要内容落到实处" in policy.clause("clause-16").text


def test_provisions_are_the_sentences_in_order(policy: Policy) -> None:
    for clause in policy.clauses:
        assert "".join(p.text for p in clause.provisions) == clause.text, clause.id
        sentences = re.findall(r"[^。；]+[。；]", clause.text)
        assert [p.text for p in clause.provisions] == sentences, clause.id
        assert [p.id for p in clause.provisions] == [f"{clause.id}-p{i}" for i in range(1, len(sentences) + 1)]


def test_strengths_match_the_wording(policy: Policy) -> None:
    """Each party's strength is carried by its own quoted words; a directive's words hold no modal 应/要."""
    for clause in policy.clauses:
        for p in clause.provisions:
            for duty in p.duties:
                if duty.strength == "strength-directive":
                    # 应/要 as modal verbs (not 应用, 要求, 需要, 重要) would make it an obligation.
                    modal = re.search(r"应(?!用)|(?<![需重])要(?!求)", duty.words)
                    assert not modal, f"{p.id} {duty.party} has the modal word {modal and modal.group()}"
    p2 = policy.clause("clause-01").provisions[1]
    assert p2.duty("party-developer").strength == "strength-rule-with-exceptions" and "100亩" in p2.summary
    assert policy.clause("clause-04").provisions[0].duty("party-developer").strength == "strength-encouragement"


def test_parties_follow_the_addressees(policy: Policy) -> None:
    for clause in policy.clauses:
        for p in clause.provisions:
            if p.text.startswith("各地"):
                assert "party-local-government" in p.parties, p.id
            if "开发单位" in p.text:
                assert "party-developer" in p.parties, p.id
            if "运营机构" in p.text:
                assert "party-operator" in p.parties, p.id
            if "有关部门" in p.text:
                assert "party-departments" in p.parties, p.id


def test_transcription_readings_are_on_the_right_clauses(policy: Policy) -> None:
    c = policy.clause
    r = reading_for(c("clause-06"), "坚持小微企业的准公共属性")
    assert r.reading == "坚持小微企业园的准公共属性" and r.confidence == "probable" and "富阳" in r.basis
    assert reading_for(c("clause-06"), "开发小微企业的项目").reading == "开发小微企业园项目"
    assert reading_for(c("clause-07"), "规范小微企业的土地出让管理").reading == "规范小微企业园土地出让管理"
    assert reading_for(c("clause-07"), "小微企业的建设项目").reading == "小微企业园建设项目"
    for clause_id in ("clause-08", "clause-09"):
        assert reading_for(c(clause_id), "小微企业的项目").reading == "小微企业园项目"
    standard = reading_for(c("clause-13"), "《数字化小微工业园建设运营通用要求》")
    assert standard.confidence == "uncertain" and "数字化小微园区建设运营通用要求" in standard.basis
    comma = reading_for(c("clause-16"), "定向出让变相返还土地出让金")
    assert comma.reading == "定向出让、变相返还土地出让金" and comma.confidence == "uncertain"
    assert comma.kind == "punctuation"
    assert reading_for(c("clause-01"), "100 亩").reading == "100亩"
    assert reading_for(c("clause-01"), "山区 26 县").reading == "山区26县"
    assert reading_for(c("clause-03"), "59 号").reading == "59号"
    for clause_id, words in (("clause-01", "按照打造"), ("clause-11", "鼓励"), ("clause-16", "重要内容")):
        assert reading_for(c(clause_id), words).kind == "page-break"


def test_every_slip_occurrence_has_a_reading(policy: Policy) -> None:
    """Each 小微企业的 (园→的) and each 小微工业园 in a clause lies inside one of that clause's readings."""
    total = {"小微企业的": 0, "小微工业园": 0}
    for clause in policy.clauses:
        spans = [
            (m.start(), m.end())
            for r in clause.readings
            if r.kind == "slip"
            for m in re.finditer(re.escape(r.as_transcribed), clause.text)
        ]
        for slip in total:
            for m in re.finditer(slip, clause.text):
                total[slip] += 1
                assert any(a <= m.start() and m.end() <= b for a, b in spans), (
                    f"{clause.id}: {slip} at {m.start()} has no reading"
                )
    # 6 园→的 slips in (六)–(九); 小微工业园 7 times in (十一)–(十六) (transcription.md says 8; the text has 7).
    assert total == {"小微企业的": 6, "小微工业园": 7}


def test_half_width_labels_have_formatting_readings(policy: Policy) -> None:
    for clause in policy.clauses:
        half_width = clause.source_label.startswith("(")
        assert half_width == (clause.number >= 6), clause.id
        if half_width:
            r = reading_for(clause, clause.source_label)
            assert r.kind == "formatting" and r.reading == clause.label


def test_readings_quote_the_text_literally(policy: Policy) -> None:
    for clause in policy.clauses:
        for r in clause.readings:
            assert r.as_transcribed in clause.text or r.as_transcribed == clause.source_label, (clause.id, r)
            assert r.confidence in ("probable", "uncertain") and r.basis


def test_glossary_terms_and_documents_are_all_referenced(policy: Policy) -> None:
    used_terms = set(policy.notice.terms) | {t for c in policy.clauses for t in c.terms}
    assert {t.id for t in policy.glossary} == used_terms
    cited = {d for c in policy.clauses for d in c.cites}
    assert {d.id for d in policy.documents} == cited
    names = {t.term for t in policy.glossary}
    for required in (
        "工业地产模式",
        "小微企业园",
        "厂中厂",
        "三产化",
        "自持",
        "租售比例",
        "主导产业",
        "山区26县",
        "海岛县",
        "亩",
        "容积率",
        "一件事",
        "预售",
        "项目管理合同",
        "数字化管理平台",
    ):
        assert required in names, required
    assert len(policy.glossary) >= 12


def test_documents_say_what_is_known(policy: Policy) -> None:
    docs = {d.id: d for d in policy.documents}
    assert docs["doc-zjzfbf-2021-59"].number == "浙政办发〔2021〕59号"
    for unseen in ("doc-zjzfbf-2021-59", "doc-zjzrzh-2022-23"):
        assert docs[unseen].confidence == "L" and "未找到" in docs[unseen].known
    assert docs["doc-green-low-carbon-guide"].date == "2022-01" and docs["doc-green-low-carbon-guide"].confidence == "H"
    assert docs["doc-digital-park-standard"].confidence == "M"
    for clause in policy.clauses:
        for doc_id in clause.cites:
            assert docs[doc_id].as_cited in clause.text
