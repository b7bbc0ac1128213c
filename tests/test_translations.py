"""Translations are read with the site, and the build cache follows their edits and their
originals' (how they are rendered: test_languages.py)."""

from __future__ import annotations

import pytest

from backstory import BuildFailed
from backstory.pipeline.builder import Builder

from .helpers import BASIC_SITE, copy_site

LANGUAGES = "languages:\n  en: {name: English}\n  ru: {name: Русский, title: Пример}\n"
TRANSLATION = "content/actors/ada-lovelace.ru.md"
ADA_RU = "---\nname: Ада Лавлейс\naliases: [Ада]\nborn: 1815-12-10\n---\nАда написала заметки.\n"


def translated_site(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(LANGUAGES)
    (site / TRANSLATION).write_text(ADA_RU, encoding="utf-8")
    (site / "content/events/analytical-engine-notes.ru.md").write_text(
        "---\ntitle: Заметки опубликованы\nplace: Лондон\nroles: {ada-lovelace: автор}\n---\n"
        "Ада и [[charles-babbage]].\n", encoding="utf-8")
    return site


def _russian_ada(site, out):
    builder = Builder(site, cache=True, jobs=1)
    result = builder.build(out)
    return result, builder.memory.last.loaded.site.translation("ada-lovelace", "ru")


def test_the_build_cache_follows_an_edited_translation_and_its_original(tmp_path):
    site, out = translated_site(tmp_path), tmp_path / "out"
    first, ada = _russian_ada(site, out)
    assert first.rewritten is None and ada.label == "Ада Лавлейс"
    (site / TRANSLATION).write_text(ADA_RU.replace("Ада Лавлейс", "Августа Ада Лавлейс"), encoding="utf-8")
    again, ada = _russian_ada(site, out)
    assert again.rewritten  # from the cache: the Russian pages that show her name
    assert ada.label == "Августа Ада Лавлейс"
    # The translation repeats `born:`; the original changing it makes that a contradiction,
    # though the translation's bytes are the same.
    original = site / "content/actors/ada-lovelace.md"
    original.write_text(original.read_text(encoding="utf-8").replace("born: 1815-12-10", "born: 1815-12"),
                        encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        _russian_ada(site, out)
    assert [(d.path, d.line, d.message) for d in failed.value.diagnostics] == [
        (TRANSLATION, 4, "'born' contradicts the original (content/actors/ada-lovelace.md:7: 1815-12)")]
