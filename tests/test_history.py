"""A translated page beside an English source that is a git checkout with
history: what a newer commit is (stale-translation), a shallow checkout,
linked pages read at the page's commit. Each test builds the repository in
tmp_path and pins what the CLI prints."""

from __future__ import annotations

import os
import subprocess

import pytest
from click.testing import CliRunner

from loclint.cli import main


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo, date, message, files):
    """Write `files` (path -> text) in `repo`, commit them on `date`: the commit's id."""
    for rel, text in files.items():
        write(repo / rel, text)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": f"{date}T12:00:00Z",
           "GIT_COMMITTER_DATE": f"{date}T12:00:00Z"}
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", message], check=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


def check(*args):
    # Info findings too: a shallow clone's comparisons and inherited findings are info.
    result = CliRunner().invoke(main, ["check", "-q", "--fail-on", "never", "--no-cache", "--min-severity", "info",
                                       *args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- what a newer commit is ------------------------------------------------------

EN_FRONT = "---\ntitle: Send mail\ndescription:\nauthor: ann\nms.date: 01/02/2024\n---\n\n"
EN_BODY = "# Send mail\n\nUse the product to send mail.\n\n## Configure\n\nOpen the settings.\n"
NL_PAGE = ("---\ntitle: E-mail verzenden\ndescription: ''\nauthor: ann\nms.date: 01/02/2024\n"
           "ms.sourcegitcommit: {c}\n---\n\n"  # line 6
           "# E-mail verzenden\n\nGebruik het product om e-mail te verzenden.\n\n"
           "## Configureren\n\nOpen de instellingen.\n")  # line 15
PAGE = "help/mail.md"


@pytest.fixture
def history(cwd):
    """The English page in four commits after the one the Dutch page names:
    metadata only, whitespace only, a comment only; the ids, oldest first."""
    en = cwd / "site.en"
    ids = [commit(en, "2024-01-02", "the page", {PAGE: EN_FRONT + EN_BODY})]
    # An auto-tagging commit: a new key, new values of untranslated keys, a
    # description for a page whose translation has none.
    meta = EN_FRONT.replace("ann", "bob").replace("01/02/2024", "03/01/2024").replace(
        "description:", "description: How to send mail.\nms.service: mail")
    ids.append(commit(en, "2024-03-01", "metadata", {PAGE: meta + EN_BODY}))
    # Rewrapped, trailing spaces, blank lines.
    spaced = EN_BODY.replace("product to", "product  \nto").replace("## Configure\n", "## Configure   \n\n\n")
    ids.append(commit(en, "2024-05-01", "whitespace", {PAGE: meta + spaced}))
    commented = spaced.replace("# Send mail\n", "# Send mail\n\n<!-- a screenshot to come -->\n").replace(
        "Open the settings.", "Open the settings. <!-- check the label -->")
    ids.append(commit(en, "2024-07-01", "comments", {PAGE: meta + commented}))
    write(cwd / "site.nl-NL" / PAGE, NL_PAGE.format(c=ids[0]))
    return en, meta + commented, ids


def test_metadata_whitespace_and_comment_commits_do_not_make_a_page_stale(cwd, history):
    assert check("site.nl-NL", "--select", "stale-translation").stdout == ""


def test_a_content_change_names_the_blocks_the_commit_and_how_long_after(cwd, history):
    en, text, ids = history
    text = text.replace("Open the settings.", "Open the settings and choose **Mail**.") + "\nMail is sent at once.\n"
    ids.append(commit(en, "2025-03-10", "content", {PAGE: text}))
    assert text.splitlines()[21] == "Mail is sent at once."
    assert check("site.nl-NL", "--select", "stale-translation").stdout == (
        f"site.nl-NL/help/mail.md:6:1: warning [stale-translation] the source page changed since {ids[0][:10]}: "
        "2 blocks changed: the paragraph at line 15, now 'Open the settings and choose **Mail**.', "
        "a new paragraph at English line 22 'Mail is sent at once.'; "
        f"newest content change {ids[4][:7]} on 2025-03-10, 1 year 2 months after {ids[0][:7]}; "
        "the translation is stale\n")
    # A later commit of metadata only does not hide it, nor become the newest change.
    ids.append(commit(en, "2025-06-01", "metadata", {PAGE: text.replace("bob", "cy")}))
    assert f"newest content change {ids[4][:7]} on 2025-03-10" in check("site.nl-NL").stdout


def test_a_change_of_a_key_the_translation_carries_translated_counts(cwd, history):
    en, text, ids = history
    ids.append(commit(en, "2024-08-01", "retitled", {PAGE: text.replace("title: Send mail", "title: Send and receive mail")}))
    assert check("site.nl-NL", "--select", "stale-translation").stdout == (
        f"site.nl-NL/help/mail.md:6:1: warning [stale-translation] the source page changed since {ids[0][:10]}: "
        "1 block changed: the title at line 2, now 'Send and receive mail'; "
        f"newest content change {ids[4][:7]} on 2024-08-01, 6 months after {ids[0][:7]}; the translation is stale\n")


def test_a_change_undone_is_no_change(cwd, history):
    en, text, ids = history
    commit(en, "2024-08-01", "edit", {PAGE: text.replace("Open the settings.", "Open the preferences.")})
    commit(en, "2024-08-02", "revert", {PAGE: text})
    assert check("site.nl-NL", "--select", "stale-translation").stdout == ""


def test_where_the_pages_do_not_run_block_for_block_the_english_lines_are_named(cwd, history):
    en, text, ids = history
    page = cwd / "site.nl-NL" / PAGE
    page.write_text(page.read_text() + "\nEen alinea die de Engelse pagina niet heeft.\n")
    ids.append(commit(en, "2024-08-01", "edit", {PAGE: text.replace("Open the settings.", "Open the preferences.")}))
    assert (f"1 block changed: the paragraph at English line 14 at {ids[0][:7]}, now 'Open the preferences.'"
            in check("site.nl-NL", "--select", "stale-translation").stdout)


# --- a shallow checkout ----------------------------------------------------------


@pytest.fixture
def shallow(cwd):
    """site.en cloned with --depth 1 from a repository whose page moved on
    after the commit two Dutch pages name; the commits, oldest first."""
    origin = cwd / "origin"
    page = "---\ntitle: Send mail\nfeature: Mail\n---\n\n# Send mail\n\nUse the product.\n"
    first = commit(origin, "2024-01-02", "the pages", {"help/a.md": page, "help/b.md": page})
    moved = page.replace("feature: Mail", "feature: Messaging").replace("Use the product.", "Use the app.")
    second = commit(origin, "2024-06-01", "renamed", {"help/a.md": moved, "help/b.md": moved})
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(cwd / "site.en")], check=True)
    for name in ("a", "b"):
        write(cwd / "site.nl-NL" / "help" / f"{name}.md", f"---\ntitle: E-mail verzenden\nfeature: Mail\n"
              f"source-git-commit: {first}\n---\n\n# E-mail verzenden\n\nGebruik het product.\n")
    return first, second


SHALLOW_WARNING = ("loclint: warning: site.en is a shallow clone without the source commits its translations name: "
                   "they are compared with its working files, as uncertain, and stale-translation cannot tell what "
                   "changed; fetch its history (git -C site.en fetch --unshallow; in CI, check out with fetch-depth: 0)\n")


def test_a_shallow_checkout_is_said_once_per_run_and_comparisons_are_uncertain(cwd, shallow):
    first, _ = shallow
    result = check("site.nl-NL", "--select", "frontmatter-mismatch,stale-translation")
    assert result.stderr == SHALLOW_WARNING  # once for two pages, without --verbose
    uncertain = (" differs from the source's `Messaging`; it must not be translated (uncertain: compared with the "
                 f"working file: the shallow clone of the source lacks {first[:10]})\n")
    assert result.stdout == "".join(f"site.nl-NL/help/{name}.md:3:1: info [frontmatter-mismatch] `feature: Mail`"
                                    + uncertain for name in ("a", "b"))
    for _ in range(2):  # a run from the cache says it too
        cached = CliRunner().invoke(main, ["check", "-q", "--fail-on", "never", "--min-severity", "info", "site.nl-NL", "--select",
                                           "frontmatter-mismatch,stale-translation"])
        assert (cached.stdout, cached.stderr) == (result.stdout, result.stderr)


def test_with_its_history_fetched_the_pages_are_compared_at_their_commit(cwd, shallow):
    first, second = shallow
    subprocess.run(["git", "-C", str(cwd / "site.en"), "fetch", "-q", "--unshallow"], check=True)
    result = check("site.nl-NL/help/a.md", "--select", "frontmatter-mismatch,stale-translation")
    assert result.stderr == ""
    assert result.stdout == (
        f"site.nl-NL/help/a.md:4:1: warning [stale-translation] the source page changed since {first[:10]}: "
        "1 block changed: the paragraph at line 9, now 'Use the app.'; "
        f"newest content change {second[:7]} on 2024-06-01, 4 months after {first[:7]}; the translation is stale\n")


def test_a_shallow_checkout_that_has_the_commit_is_compared_exactly(cwd, shallow):
    _, second = shallow
    page = cwd / "site.nl-NL" / "help" / "a.md"
    page.write_text(page.read_text().replace("feature: Mail", "feature: Messaging").replace(shallow[0], second))
    result = check("site.nl-NL/help/a.md", "--select", "frontmatter-mismatch,stale-translation")
    assert (result.stdout, result.stderr) == ("", "")


# --- linked pages at the same point in history -------------------------------------


def test_a_linked_english_page_is_read_at_the_linking_pages_commit(cwd):
    en = cwd / "site.en"
    first = commit(en, "2024-01-02", "pages", {"help/a.md": "# A\n\nSee [the steps](b.md#steps).\n",
                                               "help/b.md": "# B\n\n## Steps\n\nDo it.\n"})
    # Later the English target page renames its heading: the link of its
    # working file is broken now, not at the commit the Dutch page names.
    commit(en, "2024-06-01", "renamed", {"help/b.md": "# B\n\n## Procedure\n\nDo it.\n"})
    write(cwd / "site.nl-NL/help/a.md", f"---\nsource-git-commit: {first}\n---\n\n# A\n\nZie [de stappen](b.md#steps).\n")
    write(cwd / "site.nl-NL/help/b.md", f"---\nsource-git-commit: {first}\n---\n\n# B\n\n## Stappen\n\nDoe het.\n")
    expected = ("site.nl-NL/help/a.md:7:5: error [broken-anchor] anchor `#steps` matches no heading or id in "
                "`help/b.md` (introduced; source site.en/help/a.md)\n")
    assert check("site.nl-NL/help/a.md", "--select", "broken-anchor").stdout == expected
    # Compared with today's English (no such commit), the English link is broken too: inherited.
    page = cwd / "site.nl-NL/help/a.md"
    page.write_text(page.read_text().replace(first, "f" * 40))
    assert "(inherited; source site.en/help/a.md)" in check("site.nl-NL/help/a.md", "--select", "broken-anchor").stdout


def test_a_change_made_before_the_commit_on_a_branch_merged_since_counts(cwd, history):
    en, text, ids = history
    run = lambda *args: subprocess.run(["git", "-C", str(en), *args], check=True, capture_output=True)  # noqa: E731
    # A fix dated before the translated commit (as a branch that waited long keeps its date), merged after it.
    run("checkout", "-q", "-b", "fix")
    fix = commit(en, "2024-01-01", "fix", {PAGE: text.replace("## Configure", "Configure")})
    run("checkout", "-q", "-")
    env = {**os.environ, "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com"}
    subprocess.run(["git", "-C", str(en), "merge", "-q", "--no-ff", "--no-edit", "fix"], check=True, env=env, capture_output=True)
    assert check("site.nl-NL", "--select", "stale-translation").stdout == (
        f"site.nl-NL/help/mail.md:6:1: warning [stale-translation] the source page changed since {ids[0][:10]}: "
        "1 block changed: the heading at line 13, now a paragraph 'Configure'; "
        f"newest content change {fix[:7]} on 2024-01-01, before {ids[0][:7]} but merged since; "
        "the translation is stale\n")
