#!/usr/bin/env python3
"""Gendan translation tooling.

    scripts/i18n.py export DB          write each module's fresh i18n/<module>.pot
                                       and merge it into i18n/zh_CN.po
    scripts/i18n.py check DB           fail when a committed .pot is stale against
                                       the code, a term lacks a zh_CN translation, or
                                       a zh_CN.po breaks the glossary (see terms)
    scripts/i18n.py terms              only the glossary check, without a database:
                                       i18n/GLOSSARY.md's terms, and Odoo's wording
                                       of the field labels Gendan shares with Odoo

DB is a database where both modules are installed (the test command uses the
one it installs without demo data). The .pot is exported by Odoo itself
(``odoo --i18n-export``), so it covers Python ``_()`` terms, fields, selections,
views, menus, data, mail templates, reports and QWeb portal pages.
"""

import collections
import os
import re
import subprocess
import sys
import tempfile

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ("gendan_tracking", "gendan_appraisal")
LANG = "zh_CN"
GLOSSARY = os.path.join(ROOT, "i18n", "GLOSSARY.md")
# Odoo modules whose field labels Gendan shows next to its own (its dependencies)
ODOO_MODULES = (
    "base",
    "mail",
    "portal",
    "product",
    "sale",
    "sale_management",
    "sale_stock",
    "purchase",
    "purchase_stock",
    "stock",
    "account",
)
FIELD_LABEL = "model:ir.model.fields,field_description:"
# placeholders and markup are not words of the sentence
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{[a-z_]*\}", re.S)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"""\btitle=(?:"([^"]*)"|'([^']*)')""")


def _addons_path():
    import odoo.addons

    paths = [p for p in odoo.addons.__path__ if os.path.isdir(p)]
    return ",".join([ROOT, *paths])


def export_pot(db, module, target):
    cmd = [
        os.environ.get("ODOO_BIN", "odoo"),
        "-d",
        db,
        "--addons-path=" + _addons_path(),
        "--i18n-export=" + target,
        "--modules=" + module,
        "--log-level=warn",
        "--stop-after-init",
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _entries(po):
    return {_key(e): e for e in po if not e.obsolete and e.msgid}


def cmd_export(db):
    for module in MODULES:
        i18n = os.path.join(ROOT, module, "i18n")
        os.makedirs(i18n, exist_ok=True)
        pot_path = os.path.join(i18n, module + ".pot")
        export_pot(db, module, pot_path)
        pot = polib.pofile(pot_path)
        po_path = os.path.join(i18n, LANG + ".po")
        old = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
        old_entries = _entries(old)
        new = polib.POFile(wrapwidth=78)
        new.metadata = dict(pot.metadata)
        new.metadata.update(
            {
                "Language": LANG,
                "Content-Type": "text/plain; charset=UTF-8",
                "Plural-Forms": "nplurals=1; plural=0;",
            }
        )
        missing = 0
        for entry in pot:
            prev = old_entries.get(_key(entry))
            translated = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgstr=prev.msgstr if prev else "",
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=list(entry.flags),
            )
            if not translated.msgstr:
                missing += 1
            new.append(translated)
        new.save(po_path)
        print(f"{module}: {len(pot)} terms, {missing} without a {LANG} translation")


# -- glossary ---------------------------------------------------------------


def _table_rows(lines, heading):
    """Cells of the rows of the first Markdown table under ``## heading``."""
    rows, inside, in_table = [], False, False
    for line in lines:
        if line.startswith("## "):
            if inside:
                break
            inside = line[3:].strip().lower() == heading.lower()
            continue
        if not inside:
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            in_table = True
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the header separator
            rows.append([c.strip("`").strip() for c in cells])
        elif in_table:
            break
    if not rows:
        raise ValueError(f"glossary: no table under '## {heading}'")
    return rows[1:]  # without the header


def _variants(cell):
    if cell in ("", "-", "—"):
        return []
    return [v.strip() for v in cell.split(",") if v.strip()]


def parse_glossary(path=GLOSSARY):
    """Read the glossary's three tables as data.

    Returns ``{"terms": [...], "senses": {(term, msgid, module or None)}, "odoo_exceptions":
    {msgid: chinese}}``. A term is ``{"term", "forms", "exact", "required",
    "forbidden", "reason"}``: ``forms`` are its English forms (``" / "`` in the
    first column); a term written ``= Text`` matches an msgid equal to Text only,
    and its msgstr must then be exactly the required Chinese; the term ``*``
    matches every msgid (its forbidden variants are calques). Raises ValueError
    on a row without a required Chinese or a reason.
    """
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    terms = []
    for row in _table_rows(lines, "Terms"):
        if len(row) != 4:
            raise ValueError(f"glossary: a term row needs 4 cells: {row}")
        english, required, forbidden, reason = row
        if english == "*" and required in ("-", "—"):
            required = ""  # forbidden everywhere, nothing required
        if not english or not (required or english == "*") or not reason:
            raise ValueError(
                f"glossary: {english or row}: English, Chinese and reason are required"
            )
        exact = english.startswith("=")
        forms = (
            [english[1:].strip()]
            if exact
            else [f.strip() for f in english.split(" / ")]
        )
        variants = _variants(forbidden)
        if required and any(required in v or v in required for v in variants):
            raise ValueError(
                f"glossary: {english}: a forbidden variant overlaps {required}"
            )
        terms.append(
            {
                "term": english,
                "forms": [f for f in forms if f],
                "exact": exact,
                "required": required,
                "forbidden": variants,
                "reason": reason,
            }
        )
    known = {t["term"] for t in terms}
    senses = set()
    for row in _table_rows(lines, "Other senses"):
        if len(row) != 3 or not all(row):
            raise ValueError(
                f"glossary: an 'Other senses' row needs term, msgid and reason: {row}"
            )
        if row[0] not in known:
            raise ValueError(
                f"glossary: 'Other senses' names an unknown term: {row[0]}"
            )
        msgid, module = row[1].replace("\\n", "\n"), None
        # "[module] msgid": the other sense holds in that module only
        scoped = re.match(r"\[(\w+)\] (.*)", msgid, re.DOTALL)
        if scoped and scoped.group(1) in MODULES:
            module, msgid = scoped.groups()
        senses.add((row[0], msgid, module))
    odoo_exceptions = {}
    for row in _table_rows(lines, "Odoo's wording: exceptions"):
        if len(row) != 3 or not all(row):
            raise ValueError(
                f"glossary: an Odoo exception row needs label, Chinese and reason: {row}"
            )
        odoo_exceptions[row[0]] = row[1]
    return {"terms": terms, "senses": senses, "odoo_exceptions": odoo_exceptions}


def _visible_text(msgid):
    """The words of an msgid a user reads: no placeholders, no markup (titles kept)."""
    titles = " ".join(a or b for a, b in _TITLE.findall(msgid))
    return _TAG.sub(" ", _PLACEHOLDER.sub(" ", msgid)) + " " + titles


def _term_matches(term, msgid, text):
    if term["term"] == "*":
        return [(0, 0)]
    if term["exact"]:
        return [(0, len(text) + 1)] if msgid == term["forms"][0] else []
    spans = []
    for form in term["forms"]:
        pattern = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
        spans += [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def glossary_problems(glossary, entries):
    """Messages for the entries (polib entries, or (msgid, msgstr) pairs) whose
    msgstr breaks a glossary term: the msgid contains the English term and the
    msgstr lacks the required Chinese or uses a forbidden variant. A match inside
    a longer match of another term does not count."""
    problems = []
    for entry in entries:
        msgid, msgstr = (
            (entry.msgid, entry.msgstr) if hasattr(entry, "msgid") else entry
        )
        # the module of an entry, from Odoo's "#. module: X" comment
        # (a term from Python code has a second line, "odoo-python")
        scoped = re.search(r"^module: (\w+)", getattr(entry, "comment", "") or "", re.M)
        module = scoped.group(1) if scoped else None
        if not msgid or not msgstr:
            continue
        text = _visible_text(msgid)
        matches = [
            (t, span)
            for t in glossary["terms"]
            for span in _term_matches(t, msgid, text)
        ]
        hit = []
        for term, (start, end) in matches:
            inside_longer = term["term"] != "*" and any(
                other is not term
                and o_start <= start
                and end <= o_end
                and (o_end - o_start) > (end - start)
                for other, (o_start, o_end) in matches
            )
            if not inside_longer and term not in hit:
                hit.append(term)
        for term in hit:
            if (term["term"], msgid, None) in glossary["senses"] or (
                term["term"],
                msgid,
                module,
            ) in glossary["senses"]:
                continue
            if not term["required"]:
                lacks = False
            elif term["exact"]:
                lacks = msgstr != term["required"]
            else:
                lacks = term["required"] not in msgstr
            used = [v for v in term["forbidden"] if v in msgstr]
            if lacks or used:
                why = (
                    f"uses {', '.join(used)}" if used else f"lacks it: {msgstr[:40]!r}"
                )
                problems.append(
                    f"{msgid[:60]!r}: {term['term']} is {term['required']} ({why})"
                )
    return problems


def _field_names(entry):
    return {
        occurrence.split("__", 1)[1]
        for occurrence, _line in entry.occurrences
        if occurrence.startswith(FIELD_LABEL) and "__" in occurrence
    }


def odoo_field_labels(addons_paths=None, modules=ODOO_MODULES):
    """{(field name, msgid): {Odoo's zh_CN wordings}} for Odoo's own field labels."""
    if addons_paths is None:
        addons_paths = _addons_path().split(",")[1:]
    labels = collections.defaultdict(set)
    for module in modules:
        for path in addons_paths:
            po_path = os.path.join(path, module, "i18n", LANG + ".po")
            if os.path.exists(po_path):
                break
        else:
            raise FileNotFoundError(
                f"Odoo's {module}/i18n/{LANG}.po is not on the addons path"
            )
        for entry in polib.pofile(po_path):
            if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
                continue
            for field in _field_names(entry):
                labels[(field, entry.msgid)].add(entry.msgstr)
    return labels


def odoo_wording_problems(labels, exceptions, entries):
    """Messages for Gendan field labels that Odoo has too (same field name, same
    msgid) but that are not worded as Odoo words them, nor listed as exceptions."""
    problems = []
    for entry in entries:
        if entry.obsolete or not entry.msgstr:
            continue
        wordings = set()
        for field in _field_names(entry):
            wordings |= labels.get((field, entry.msgid), set())
        if not wordings or entry.msgstr in wordings:
            continue
        if exceptions.get(entry.msgid) == entry.msgstr:
            continue
        problems.append(
            f"{entry.msgid!r}: Odoo says {' / '.join(sorted(wordings))}, not {entry.msgstr!r} "
            "(or list an exception in i18n/GLOSSARY.md)"
        )
    return problems


def check_terms(po_path, glossary=None, labels=None):
    """Glossary and Odoo-wording problems of one zh_CN.po."""
    glossary = parse_glossary() if glossary is None else glossary
    entries = [e for e in polib.pofile(po_path) if not e.obsolete and e.msgid]
    problems = glossary_problems(glossary, entries)
    if labels is not None:
        problems += odoo_wording_problems(labels, glossary["odoo_exceptions"], entries)
    return problems


def cmd_terms():
    glossary = parse_glossary()
    labels = odoo_field_labels()
    ok = True
    for module in MODULES:
        po_path = os.path.join(ROOT, module, "i18n", LANG + ".po")
        problems = check_terms(po_path, glossary, labels)
        if problems:
            ok = False
            print(f"{module}: {len(problems)} {LANG} terms break i18n/GLOSSARY.md")
            for problem in problems:
                print("    " + problem)
        else:
            print(
                f"{module}: {LANG} follows i18n/GLOSSARY.md ({len(glossary['terms'])} terms)"
            )
    return ok


def cmd_check(db):
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for module in MODULES:
            fresh_path = os.path.join(tmp, module + ".pot")
            export_pot(db, module, fresh_path)
            fresh = _entries(polib.pofile(fresh_path))
            pot_path = os.path.join(ROOT, module, "i18n", module + ".pot")
            po_path = os.path.join(ROOT, module, "i18n", LANG + ".po")
            if not os.path.exists(pot_path) or not os.path.exists(po_path):
                print(f"{module}: i18n/{module}.pot or i18n/{LANG}.po is missing")
                ok = False
                continue
            committed = _entries(polib.pofile(pot_path))
            added = sorted(set(fresh) - set(committed))
            removed = sorted(set(committed) - set(fresh))
            if added or removed:
                ok = False
                print(
                    f"{module}: i18n/{module}.pot is stale: {len(added)} new and "
                    f"{len(removed)} removed terms (run scripts/i18n.py export DB)"
                )
                for ctx, msgid in (added + removed)[:15]:
                    print(f"    {ctx or '-'}: {msgid[:90]!r}")
            po = _entries(polib.pofile(po_path))
            untranslated = [k for k in fresh if not (po.get(k) and po[k].msgstr)]
            if untranslated:
                ok = False
                print(f"{module}: {len(untranslated)} terms lack a {LANG} translation")
                for ctx, msgid in untranslated[:15]:
                    print(f"    {ctx or '-'}: {msgid[:90]!r}")
            if not added and not removed and not untranslated:
                print(f"{module}: {len(fresh)} terms, all translated to {LANG}")
    if not cmd_terms():
        ok = False
    return 0 if ok else 1


def main(argv):
    if len(argv) == 2 and argv[1] == "terms":
        return 0 if cmd_terms() else 1
    if len(argv) != 3 or argv[1] not in ("export", "check"):
        print(__doc__)
        return 2
    if argv[1] == "export":
        cmd_export(argv[2])
        return 0
    return cmd_check(argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
