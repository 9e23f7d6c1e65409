"""``councilkit review FILE``: walk the norms an import only proposed, one at a time.

Each decision is written to the file at once (validated first), so quitting keeps the
progress and the next sitting starts where this one stopped.  Without an action option
the review asks about each proposal in turn; ``--accept``, ``--reject``,
``--descriptive`` and ``--set`` decide one by its id, for scripts; ``--list`` (with the
shared ``--json``) shows what remains.  The command table (``councilkit.cli.COMMANDS``) names
it as ``"review": "review:review_command"``.  See docs/importing.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from councilkit.cli.output import REFUSED, echo, emit_json, fail

_CHOICES = {"a": "accept", "c": "change a field", "r": "reject", "d": "descriptive (no norm)", "s": "skip",
            "q": "quit"}


def _save(review) -> None:  # type: ignore[no-untyped-def]
    """Write the file (all at once, never over a change made elsewhere): the SDK's Review.save."""
    from councilkit.importer import ReviewError

    try:
        review.save()
    except ReviewError as exc:
        fail(str(exc), 1)


@click.command("review")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--list", "as_list", is_flag=True, help="Show the proposals that remain, and change nothing.")
@click.option("--accept", "accept", multiple=True, metavar="ID", help="Accept the proposal ID (repeatable).")
@click.option("--reject", "reject", multiple=True, metavar="ID", help="Reject the proposal ID (repeatable).")
@click.option("--descriptive", multiple=True, metavar="ID",
              help="Mark the sentence of proposal ID as stating no norm (repeatable).")
@click.option("--set", "changes", multiple=True, nargs=2, metavar="ID FIELD=VALUE",
              help="Change one field of a proposal before accepting it: action=lobby, target=clerk, "
                   "effect=forbid; for a route raised_by=councillor, handler=clerk (commas for several).")
def review_command(file: Path, as_list: bool, accept: tuple[str, ...], reject: tuple[str, ...],
                   descriptive: tuple[str, ...], changes: tuple[tuple[str, str], ...]) -> None:
    """Review the proposed norms in an imported council FILE, one at a time.

    For each: the sentence, the proposed norm in plain words, and a choice to accept it, change
    a field, reject it, mark the sentence descriptive, or skip it.  The file is only written
    with norms that validate, and keeps the progress between sittings.
    """
    from councilkit.cli.context import options
    from councilkit.importer import Review, ReviewError

    as_json = options().json  # the shared --json, before or after the command's name
    try:
        review = Review.load(file)
        scripted = bool(accept or reject or descriptive or changes)
        for candidate_id, assignment in changes:
            field, sep, value = assignment.partition("=")
            if not sep:
                fail(f"--set {candidate_id} {assignment!r}: give FIELD=VALUE, e.g. action=lobby", REFUSED)
            review.change(candidate_id, field.strip(), value.strip())
        for candidate_id in accept:
            review.accept(candidate_id)
        for candidate_id in reject:
            review.reject(candidate_id)
        for candidate_id in descriptive:
            review.reject(candidate_id, descriptive=True)
    except ReviewError as exc:
        fail(str(exc), 1)
    if scripted:
        _save(review)
    if as_list or as_json or scripted:
        if as_json:
            emit_json(review.summary())
            return
        for candidate in review.candidates:
            echo(f"{candidate.id}  {review.plain(candidate)}")
        echo(review.status())
        return
    _walk(review)


def _walk(review) -> None:  # type: ignore[no-untyped-def]
    from councilkit.importer import ReviewError

    skipped: set[str] = set()
    while True:
        waiting = [c for c in review.candidates if c.id not in skipped]
        if not waiting:
            break
        candidate = waiting[0]
        echo("")
        echo(f"{candidate.clause}: {candidate.sentence}")
        for note in candidate.sources:
            echo(f"  {note}")
        echo(f"  proposed: {review.plain(candidate)}  [{candidate.id}]")
        choice = click.prompt("  [a]ccept, [c]hange a field, [r]eject, [d]escriptive, [s]kip, [q]uit",
                              type=click.Choice(list(_CHOICES)), show_choices=False, default="s")
        try:
            if choice == "q":
                break
            if choice == "s":
                skipped.add(candidate.id)
                continue
            if choice == "c":
                field = click.prompt(f"  field ({', '.join(candidate.fields)})",
                                     type=click.Choice(candidate.fields), show_choices=False)
                review.change(candidate.id, field, _ask_value(review, candidate, field))
                _save(review)  # the changed proposal is kept for the next sitting too
                continue  # show it again, changed
            if choice == "a":
                review.accept(candidate.id)
            elif choice == "r":
                review.reject(candidate.id)
            elif choice == "d":
                review.reject(candidate.id, descriptive=True)
        except ReviewError as exc:
            echo(f"  not done: {exc}", err=True)
            continue
        _save(review)
    echo(review.status())
    sys.stdout.flush()


def _ask_value(review, candidate, field: str) -> str:  # type: ignore[no-untyped-def]
    """The new value: the values the field may take are listed by number; a number or a value is taken
    (for a route's roles, several separated by commas)."""
    from councilkit.importer.review import MANY

    choices = review.choices(candidate, field)
    for n, choice in enumerate(choices, 1):
        echo(f"  {n:>3}  {choice.label or '(none)'}")
    several = candidate.kind == "route" and field in MANY
    now = review.value(candidate, field)
    typed = click.prompt(f"  {field} (a number or a value{'; commas for several' if several else ''})",
                         default=now, show_default=bool(now))
    picked = []
    for part in (typed.split(",") if several else [typed]):
        part = part.strip()
        picked.append(choices[int(part) - 1].value if part.isdigit() and 0 < int(part) <= len(choices) else part)
    return ", ".join(picked)
