"""A survey kit's files: one printable form per customer contact, one employee-mirror form
per account for its owner, ``codes.csv`` and a blank ``responses.csv`` to type answers into.

Every form is one self-contained HTML page: its style inline, the system's own fonts, no
script, image, link or font from anywhere (it opens and prints offline). It fits the width
of both A4 and Letter (the printer's paper decides the page size; ``@page`` sets only the
margins) and keeps each question whole across a page break. ``print-all.html`` holds every
form, each starting on a new page, to print the whole kit at once.

All text from the data file is escaped (and its control characters made visible), so a
name such as ``<script>`` is printed, never run.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..actions.survey_kit import Kit, KitForm
from ..engine.durable import write_private
from ..records.codes import shown
from ..records.text import visible
from .csv_formats import write_csv

CODE_COLUMNS = ("code", "wave", "account", "contact", "respondent")
"""The columns of ``codes.csv``."""

STYLE = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
html { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; font-size: 10.5pt;
  color: #000; background: #fff; }
body { margin: 0; }
.form { max-width: 180mm; margin: 0 auto; padding: 6mm 0; }
.form + .form { break-before: page; page-break-before: always; }
header { display: flex; justify-content: space-between; align-items: flex-start;
  border-bottom: 0.5mm solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
.who { margin: 0; }
.code { text-align: right; white-space: nowrap; }
.code b { display: block; font: bold 15pt "Courier New", Courier, monospace; letter-spacing: 0.6mm;
  border: 0.4mm solid #000; padding: 1mm 2mm; margin-top: 1mm; }
.intro { margin: 0 0 3mm 0; }
table { width: 100%; border-collapse: collapse; }
th { font-size: 8pt; font-weight: normal; text-align: center; vertical-align: bottom;
  padding: 0 0.5mm 1mm; }
th.text { text-align: left; }
td { border-top: 0.2mm solid #999; padding: 1.6mm 0.5mm; vertical-align: middle; }
td.n { width: 6mm; color: #444; }
td.box { width: 11mm; text-align: center; }
tr, section { break-inside: avoid; page-break-inside: avoid; }
.sq { display: inline-block; width: 5mm; height: 5mm; border: 0.35mm solid #000;
  vertical-align: middle; }
section { margin-top: 4mm; }
section p { margin: 0 0 1.5mm 0; }
.row { display: flex; gap: 1.2mm; }
.row span { flex: 1; text-align: center; font-size: 8pt; }
.row .sq { display: block; margin: 0 auto 0.8mm; }
.ends { display: flex; justify-content: space-between; font-size: 8pt; color: #444; }
.comment { height: 38mm; border: 0.35mm solid #000; }
footer { margin-top: 3mm; font-size: 8pt; color: #444; display: flex;
  justify-content: space-between; }
@media screen { body { background: #eee; } .form { background: #fff; padding: 10mm;
  margin: 6mm auto; box-shadow: 0 0 2mm #aaa; } }
"""

SCALE = ("strongly disagree", "disagree", "neutral", "agree", "strongly agree")


def _e(value: Any) -> str:
    """Data as HTML text: control characters shown, then escaped."""
    return html.escape(visible(value), quote=True)


@dataclass(frozen=True)
class Wording:
    """What a form asks, from the customer's side or as the owner's mirror."""

    title: str
    who: str
    intro: str
    recommend: str
    switch: str
    comment: str
    quote: bool
    """Statements in quotation marks: the mirror asks what the customer would say."""


def wording(form: KitForm) -> Wording:
    account = visible(form.account["name"])
    if form.contact is not None:
        return Wording(
            "How are we doing?",
            f"For {visible(form.contact['name'])} · {account}",
            "Please mark one box for each statement, from 1 (strongly disagree) to "
            "5 (strongly agree). Leave a statement blank if it does not apply to you.",
            "How likely are you to recommend us to a colleague or a friend?",
            "If a competitor offered a better deal, we would switch.",
            "Anything else you would like to tell us?",
            False,
        )
    return Wording(
        f"Employee mirror · {account}",
        f"For {visible(form.staff)} (account owner) · how you expect {account} to answer",
        f"Do not give your own opinion: mark each box as you expect {account} will, "
        "from 1 (strongly disagree) to 5 (strongly agree). The gap between your answers "
        "and theirs shows how in tune we are with them.",
        f"How likely would {account} say they are to recommend us?",
        f"Would {account} say: “If a competitor offered a better deal, we would switch”?",
        f"What do you expect {account} to tell us?",
        True,
    )


def statements(questionnaire: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The statements the wave's questionnaire asks (retired ones are not asked)."""
    return [s for s in questionnaire["statements"] if not s.get("retired")]


def form_html(kit: Kit, form: KitForm) -> str:
    """One form: a whole HTML page."""
    return _page(f"{wording(form).title} · {kit.wave['name']}", [_form_body(kit, form)])


def _page(title: str, bodies: Iterable[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(bodies)
        + "\n</body>\n</html>\n"
    )


def _boxes(values: Sequence[int]) -> str:
    return (
        '<div class="row">'
        + "".join(f'<span><i class="sq"></i>{v}</span>' for v in values)
        + "</div>"
    )


def _form_body(kit: Kit, form: KitForm) -> str:
    w, wave, q = wording(form), kit.wave, kit.questionnaire
    code = _e(shown(form.code))
    rows = []
    for n, s in enumerate(statements(q), 1):
        text = f"“{visible(s['text'])}”" if w.quote else visible(s["text"])
        cells = "".join('<td class="box"><i class="sq"></i></td>' for _ in SCALE)
        rows.append(f'<tr><td class="n">{n}</td><td>{html.escape(text)}</td>{cells}</tr>')
    heads = "".join(f"<th>{i}<br>{label}</th>" for i, label in enumerate(SCALE, 1))
    return f"""<main class="form">
<header><div><h1>{_e(w.title)}</h1><p class="who">{_e(w.who)}</p></div>
<div class="code">Response code<b>{code}</b></div></header>
<p class="intro">{_e(w.intro)}</p>
<table><thead><tr><th></th><th class="text">Statement</th>{heads}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
<section><p>{_e(w.recommend)}</p>{_boxes(range(11))}
<div class="ends"><span>0 = not at all likely</span><span>10 = extremely likely</span></div></section>
<section><p>{_e(w.switch)}</p>{_boxes(range(1, 6))}
<div class="ends"><span>1 = strongly disagree</span><span>5 = strongly agree</span></div></section>
<section><p>{_e(w.comment)}</p><div class="comment"></div></section>
<footer><span>{_e(wave["name"])} · {_e(wave["date"])} · questionnaire version {_e(q["number"])}</span>
<span>Please return this form · code {code}</span></footer>
</main>"""


def slug(text: str, limit: int = 40) -> str:
    """A safe piece of a file name: ASCII letters and digits joined by dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "x"


def file_name(form: KitForm) -> str:
    who = slug(form.contact["name"]) if form.contact is not None else "mirror"
    return f"{slug(form.account['name'])}--{who}--{form.code}.html"


def codes_csv(kit: Kit) -> str:
    rows = [
        (
            shown(f.code),
            kit.wave["name"],
            f.account["name"],
            f.contact["name"] if f.contact is not None else "",
            f.respondent,
        )
        for f in kit.forms
    ]
    out = io.StringIO(newline="")
    write_csv(out, "responses", rows, CODE_COLUMNS)
    return out.getvalue()


def blank_responses_csv(kit: Kit) -> str:
    """The responses format by code, one row per form: fill in the answers and import it."""
    columns = (
        "code",
        *(str(s["key"]) for s in statements(kit.questionnaire)),
        "recommend",
        "switch",
        "comment",
    )
    rows = [(shown(f.code), *([""] * (len(columns) - 1))) for f in kit.forms]
    out = io.StringIO(newline="")
    write_csv(out, "responses", rows, columns)
    return out.getvalue()


@dataclass(frozen=True)
class KitFiles:
    folder: Path
    forms: int
    mirrors: int


def write_kit(kit: Kit, folder: Path) -> KitFiles:
    """Write the kit's files into ``folder`` (made if missing; files of the same names are
    replaced, which is harmless: the same wave gives the same codes)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def write(name: str, text: str) -> None:  # 0600, as every export: customer data
        write_private(folder / name, text.encode("utf-8"))

    for form in kit.forms:
        write(file_name(form), form_html(kit, form))
    everything = _page(f"Survey kit · {kit.wave['name']}", (_form_body(kit, f) for f in kit.forms))
    write("print-all.html", everything)
    write("codes.csv", codes_csv(kit))
    write("responses.csv", blank_responses_csv(kit))
    mirrors = sum(1 for f in kit.forms if f.contact is None)
    return KitFiles(folder, len(kit.forms) - mirrors, mirrors)
