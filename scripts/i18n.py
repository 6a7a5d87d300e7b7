#!/usr/bin/env python3
"""Gendan translation tooling.

    scripts/i18n.py export DB          write each module's fresh i18n/<module>.pot
                                       and merge it into i18n/zh_CN.po
    scripts/i18n.py check DB           fail when a committed .pot is stale against
                                       the code, or a term lacks a zh_CN translation

DB is a database where both modules are installed (the test command uses the
one it installs without demo data). The .pot is exported by Odoo itself
(``odoo --i18n-export``), so it covers Python ``_()`` terms, fields, selections,
views, menus, data, mail templates, reports and QWeb portal pages.
"""

import os
import subprocess
import sys
import tempfile

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ("gendan_tracking", "gendan_appraisal")
LANG = "zh_CN"


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
    return 0 if ok else 1


def main(argv):
    if len(argv) != 3 or argv[1] not in ("export", "check"):
        print(__doc__)
        return 2
    if argv[1] == "export":
        cmd_export(argv[2])
        return 0
    return cmd_check(argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
