"""Keep the message catalogues in step with the code.

    python -m scripts.i18n          (make i18n)

extracts every text marked in ``handlers/`` and ``bot/`` (``_``, ``N_``, ``ngettext``,
``pgettext``; see handlers/i18n.py) into ``handlers/locales/coachbot.pot`` and merges it
into each language's ``coachbot.po``: new texts arrive untranslated, texts gone from the
code go to the file's obsolete section. The translator then fills in the new entries.
``tests/test_i18n.py`` fails while any text is marked but not in the template, or any
language lacks a translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from handlers.i18n import DOMAIN, KEYWORDS, LOCALES, po_path
from library.languages import Language

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("handlers", "bot")
TEMPLATE = LOCALES / f"{DOMAIN}.pot"


def extracted(root: Path = ROOT) -> Catalog:
    """Every marked text in the sources, as a fresh template."""
    template = Catalog(project="hamstring-coachbot", domain=DOMAIN, fuzzy=False)
    for source in SOURCES:
        found: Iterable[tuple[str, int, object, list[str], object]] = extract_from_dir(
            root / source,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,  # type: ignore[arg-type]
            comment_tags=("TRANSLATORS:",),
        )
        for filename, lineno, message, comments, context in found:
            template.add(
                message,  # type: ignore[arg-type]
                locations=[(f"{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,  # type: ignore[arg-type]
            )
    for message in template:
        # Texts are filled with str.format ({name}); a "%" is a percent sign, never a
        # %-format, whatever Babel guesses from it.
        message.flags.discard("python-format")
    return template


def main() -> None:
    template = extracted()
    LOCALES.mkdir(exist_ok=True)
    with TEMPLATE.open("wb") as out:
        write_po(out, template, width=88, omit_header=False, sort_output=False)
    for language in Language:
        if language is Language.EN:
            continue
        path = po_path(language)
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language.value, domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language.value, domain=DOMAIN, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            message.flags.discard("python-format")
        with path.open("wb") as out:
            write_po(out, catalog, width=88, ignore_obsolete=True)
        untranslated = sum(
            1
            for m in catalog
            if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
        )
        print(f"{language.value}: {len(catalog)} texts, {untranslated} to translate")


if __name__ == "__main__":
    main()
