"""The notice as Akoma Ntoso 3.0 XML (OASIS LegalDocML), valid against the official akomantoso30.xsd.

Structure: <act> with FRBR metadata; <preface> (masthead, 文号, title); <preamble> (主送 and the opening
paragraph); <body> with the five sections as <chapter> and the sixteen clauses as <paragraph>, each
provision (sentence) as an addressable <span>; <conclusions> with the issuer, seal and date.
eIds follow the AKN naming convention (chp_3, chp_3__para_8, chp_3__para_8__sent_1).
"""

from __future__ import annotations

from lxml import etree

from calculators.chinese import chinese_date

from ..loading.model import Clause, Policy, Section

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_E = f"{{{NS}}}"
COUNTRY = "cn"
WORK_NAME = "zxwyb-2022-3"  # the 文号 as an ASCII name: 浙小微园办〔2022〕3号


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    if parent is None:
        element = etree.Element(_E + tag, attrs, nsmap={None: NS})
    else:
        element = etree.SubElement(parent, _E + tag, attrs)
    if text is not None:
        element.text = text
    return element


def work_uri(policy: Policy) -> str:
    """The FRBR Work URI, e.g. /akn/cn/act/notice/2022-06-01/zxwyb-2022-3."""
    return f"/akn/{COUNTRY}/act/notice/{policy.notice.date}/{WORK_NAME}"


def _meta(act: etree._Element, policy: Policy) -> None:
    notice = policy.notice
    meta = _el(act, "meta")
    ident = _el(meta, "identification", source="#edition")
    work, expression = work_uri(policy), work_uri(policy) + "/zho@"
    levels = (
        ("FRBRWork", work, notice.date, "#issuer"),
        ("FRBRExpression", expression, notice.date, "#issuer"),
        ("FRBRManifestation", expression, notice.date, "#edition"),
    )
    for level, uri, date, author in levels:
        frbr = _el(ident, level)
        _el(frbr, "FRBRthis", value=uri + ("/!main.xml" if level == "FRBRManifestation" else "/!main"))
        _el(frbr, "FRBRuri", value=uri + (".akn" if level == "FRBRManifestation" else ""))
        if level == "FRBRWork":
            _el(frbr, "FRBRalias", value=notice.doc_number, name="docNumber")
        _el(frbr, "FRBRdate", date=date, name="issued")
        _el(frbr, "FRBRauthor", href=author)
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value=COUNTRY)
            _el(frbr, "FRBRsubtype", value="notice")
            _el(frbr, "FRBRnumber", value=notice.doc_number)
            _el(frbr, "FRBRname", value=notice.title)
        elif level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", language="zho")
    refs = _el(meta, "references", source="#edition")
    _el(
        refs,
        "TLCOrganization",
        eId="issuer",
        href="/ontology/organization/cn/zj-xwqy-yuan-lxhy-bgs",
        showAs=notice.issuer,
    )
    _el(
        refs,
        "TLCOrganization",
        eId="edition",
        href="/ontology/organization/cn/reference-online-edition",
        showAs="参考在线版（整理者）",
    )


def _preface(act: etree._Element, policy: Policy) -> None:
    notice = policy.notice
    preface = _el(act, "preface")
    if notice.masthead:
        _el(preface, "p", notice.masthead, **{"class": "masthead"})
    _el(_el(preface, "p", **{"class": "number"}), "docNumber", notice.doc_number)
    _el(_el(preface, "p", **{"class": "title"}), "docTitle", notice.title)


def _preamble(act: etree._Element, policy: Policy) -> None:
    preamble = _el(act, "preamble")
    _el(preamble, "p", policy.notice.addressees + "：", **{"class": "addressees"})
    _el(preamble, "p", policy.notice.preamble)


def _clause_content(paragraph: etree._Element, clause: Clause, eid: str) -> None:
    """The clause text in one <p>; each provision found verbatim becomes a <span> with its own eId."""
    p = _el(_el(paragraph, "content"), "p")
    cursor, last = 0, None
    for index, provision in enumerate(clause.provisions, start=1):
        start = clause.text.find(provision.text, cursor)
        if start < 0 or not provision.text:
            continue
        gap = clause.text[cursor:start]
        if last is None:
            p.text = (p.text or "") + gap
        else:
            last.tail = (last.tail or "") + gap
        last = _el(p, "span", provision.text, eId=f"{eid}__sent_{index}", wId=provision.id)
        cursor = start + len(provision.text)
    rest = clause.text[cursor:]
    if last is None:
        p.text = (p.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest


def _chapter(body: etree._Element, policy: Policy, section: Section) -> None:
    chapter = _el(body, "chapter", eId=f"chp_{section.number}", wId=section.id)
    _el(chapter, "num", f"{section.label}、")
    _el(chapter, "heading", section.title)
    for clause in (policy.clause(cid) for cid in section.clauses):
        eid = f"chp_{section.number}__para_{clause.number}"
        paragraph = _el(chapter, "paragraph", eId=eid, wId=clause.id)
        _el(paragraph, "num", clause.source_label)  # the printed form, "(六)"; the reading "（六）" is editorial
        _clause_content(paragraph, clause, eid)


def _conclusions(act: etree._Element, policy: Policy) -> None:
    notice = policy.notice
    conclusions = _el(act, "conclusions")
    signature = _el(_el(conclusions, "blockContainer", **{"class": "signature"}), "p")
    _el(signature, "organization", notice.issuer, refersTo="#issuer")
    _el(conclusions, "p", notice.seal, **{"class": "seal"})
    date = _el(conclusions, "p")
    _el(date, "date", chinese_date(notice.date), date=notice.date, refersTo="#issuer")
    _el(conclusions, "p", f"抄送：{notice.cc}", **{"class": "cc"})
    printed = _el(conclusions, "p", f"{notice.printed_by}　", **{"class": "printed"})
    _el(printed, "date", chinese_date(notice.printed_date) + "印发", date=notice.printed_date)


def akoma_ntoso(policy: Policy) -> bytes:
    """The whole notice as an Akoma Ntoso 3.0 document (UTF-8 XML with declaration)."""
    root = _el(None, "akomaNtoso")
    act = _el(root, "act", name="notice", contains="originalVersion")
    _meta(act, policy)
    _preface(act, policy)
    _preamble(act, policy)
    body = _el(act, "body")
    for section in policy.sections:
        _chapter(body, policy, section)
    _conclusions(act, policy)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return xml
