"""``councilkit check``, ``actions``, ``test`` and ``questions``: asking a council's rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from councilkit.cli.context import REFUSED, long_lived, no_json, options
from councilkit.cli.councils import load
from councilkit.cli.output import echo, emit_json, fail, hint, json_data, table, wrap
from councilkit.errors import CouncilkitError, UnknownNameError, did_you_mean

if TYPE_CHECKING:  # the model and the policy engine load with the council asked about
    from councilkit.council import Council
    from councilkit.policy import Decision


def answer(council: Council, actor: str, action: str, target: str | None, context: dict[str, Any],
           decision: Decision) -> dict[str, Any]:
    """What ``check --json`` prints for one council: the request, the question in words, and the decision."""
    from councilkit.policy import ask

    return {
        "council": council.id,
        "request": {"actor": actor, "action": action, "target": target, "context": context},
        "question": ask(council, actor, action, target, context),
        **json_data(decision),
    }


def print_decision(council: Council, actor: str, action: str, target: str | None,
                   context: dict[str, Any], decision: Decision) -> None:
    from councilkit.policy import ask
    from councilkit.present.words import outcome_words

    echo(f"{council.name}: {ask(council, actor, action, target, context)}", hanging="  ")
    echo(outcome_words(decision.outcome))
    echo(wrap(decision.explanation, "  "))
    if decision.determining:
        echo("Rules:")
        for r in decision.determining:
            echo(f"  {r.id} ({r.effect}, {', '.join(r.cite)})", hanging="    ")
    if decision.overridden:
        echo("Overridden:")
        for r in decision.overridden:
            echo(f"  {r.id} ({r.effect}, {', '.join(r.cite)})", hanging="    ")
    if decision.obligations:
        echo("Obligations:")
        for o in decision.obligations:
            echo(f"  - {o.text}", hanging="    ")
    if decision.facts:
        echo("Facts that would settle it: " + ", ".join(decision.facts), hanging="  ")
    if decision.ask:
        echo("Ask: " + " or ".join(decision.ask_titles), hanging="  ")
    if decision.citations:
        echo("Where it says so:")
        for c in decision.citations:
            echo(f"  [{c.id}] {c.heading or ''}".rstrip(), hanging="      ")
            echo(wrap(c.text, "      "))


@click.command("check")
@click.argument("council", required=False)
@click.option("--actor", required=True, help="The role acting, e.g. councillor, chair, clerk.")
@click.option("--action", required=True, help="What they want to do (councilkit actions COUNCIL lists them).")
@click.option("--target", help="Towards whom, e.g. officer, clerk.")
@click.option("--ctx", "ctx_pairs", multiple=True, metavar="KEY=VALUE",
              help="A fact about the request, e.g. --ctx has_interest=true (repeatable).")
@click.option("--all", "all_councils", is_flag=True, help="Ask every council the same question, side by side.")
@click.pass_context
def check_command(ctx: click.Context, council: str | None, actor: str, action: str, target: str | None,
                  ctx_pairs: tuple[str, ...], all_councils: bool) -> None:
    """May ACTOR do ACTION (towards TARGET)?  The answer cites the clauses it rests on."""
    as_json = options(ctx).json
    if all_councils == (council is not None):
        fail("give one COUNCIL, or --all to ask every council", REFUSED)
    if council is not None:
        c = load(ctx, council)
        with long_lived():  # the policy engine and its modules: they last as long as the command
            from councilkit.policy import parse_context

            context = parse_context(ctx_pairs, c.action(action))
            decision = c.check(actor, action, target, **context)
        if as_json:
            emit_json(answer(c, actor, action, target, context, decision))
        else:
            print_decision(c, actor, action, target, context, decision)
        return
    from councilkit.councilfile import read_councils
    from councilkit.policy import parse_context
    from councilkit.present.words import outcome_words

    found, _ = read_councils(options(ctx).councils_dir)
    answers: list[dict[str, Any]] = []
    for c in found:
        try:
            context = parse_context(ctx_pairs, c.action(action))
            decision = c.check(actor, action, target, **context)
        except CouncilkitError as exc:
            answers.append({"council": c.id, "name": c.name, "error": _short(exc, c)})
            continue
        answers.append({"name": c.name, **answer(c, actor, action, target, context, decision)})
    if as_json:
        emit_json({"answers": answers})
        return
    rows = [[a["council"], outcome_words(a.get("outcome", "cannot ask")),
             ", ".join(cl["id"] for cl in a.get("citations", [])) or "-"] for a in answers]
    table(["COUNCIL", "ANSWER", "CLAUSES"], rows)
    for a in answers:
        echo()
        echo(f"{a['name']}:")
        echo(wrap(a.get("explanation") or a["error"], "  "))


def _short(exc: CouncilkitError, council: Council) -> str:
    """Why one council of several cannot be asked, in a line: a name it does not have, without listing
    every name it does (``check COUNCIL`` alone lists them)."""
    if isinstance(exc, UnknownNameError):
        return (f"it has no {exc.what} {exc.name!r}{did_you_mean(exc.name, exc.valid)}; "
                f"ask it alone to see its {exc.what}s: {hint(f'check {council.id} ...')}")
    return str(exc)


@click.command("actions")
@click.argument("council")
@click.pass_context
def actions_command(ctx: click.Context, council: str) -> None:
    """What can be asked of COUNCIL: each action, its context attributes, and the rules that use it."""
    c = load(ctx, council)
    used: dict[str, list[str]] = {}
    for r in c.rules:
        used.setdefault(r.action, []).append(r.id)
    data = [{
        "id": a.id,
        "description": a.description,
        "context": [{"id": x.id, "type": x.type, "description": x.description, "choices": list(x.choices)}
                    for x in a.context],
        "rules": used.get(a.id, []),
    } for a in sorted(c.actions.values(), key=lambda a: a.id)]
    if options(ctx).json:
        emit_json({"council": c.id, "actions": data})
        return
    for a in data:
        rules = f"  [{len(a['rules'])} rule(s)]" if a["rules"] else "  [no rule in this council]"
        echo(f"{a['id']}: {a['description']}{rules}", hanging="    ")
        for x in a["context"]:
            kind = "one of " + ", ".join(x["choices"]) if x["type"] == "choice" else x["type"]
            echo(f"    --ctx {x['id']}=...  ({kind}) {x['description']}", hanging="        ")


def _councils_for(ctx: click.Context, names: tuple[str, ...]) -> list[Council]:
    from councilkit.councilfile import council_dirs, council_files, load_council_file

    if not names:
        return [load_council_file(f) for f in council_files(council_dirs(options(ctx).councils_dir))]
    return [load(ctx, n) for n in names]


@click.command("test")
@click.argument("councils", nargs=-1)
@click.pass_context
def test_command(ctx: click.Context, councils: tuple[str, ...]) -> None:
    """Run each council's worked examples ([[example]]) like a test suite; exit 1 on a failure."""
    from councilkit.policy import examples_report

    results = [r for c in _councils_for(ctx, councils) for r in examples_report(c)]
    failures = [r for r in results if not r["passed"]]
    if options(ctx).json:
        emit_json({"examples": len(results), "failures": len(failures), "results": results})
    else:
        for r in results:
            mark = "PASS" if r["passed"] else "FAIL"
            echo(f"{mark}  {r['council']}  {r['id']}: {r['question']}", hanging="      ")
            if not r["passed"]:
                echo(f"      expected {r['expect']}" + (f" citing {', '.join(r['cite'])}" if r["cite"] else "")
                     + f", got {r['outcome']} citing {', '.join(r['cited']) or 'nothing'}")
                if r.get("error"):
                    echo(f"      {r['error']}")
        echo(f"{len(results)} examples, {len(failures)} failed")
    if failures or not results:
        ctx.exit(1)


@no_json
@click.command("questions")
@click.argument("councils", nargs=-1)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the Markdown to this file instead of printing it.")
@click.pass_context
def questions_command(ctx: click.Context, councils: tuple[str, ...], output: Path | None) -> None:
    """Every question each council's rules answer, as Markdown (docs/questions.md is made this way)."""
    from councilkit.policy import questions_markdown

    text = questions_markdown(_councils_for(ctx, councils))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, "utf-8")

