"""Instructor commands for the engine and the class: prepare, clean, report."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from dockerlab.cli.options import JsonOpt, PlainOpt
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.envelope import envelope
from dockerlab.errors import ExitCode, NeedsTerminal
from dockerlab.ui.jsonout import write_document

commands = new_app()


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size else "—"


@commands.command(cls=SpanishCommand)
def prepare(
    lesson_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="LECCIONES...", help="Lecciones a preparar (por defecto, todo el curso)."),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option("--save", metavar="PAQUETE.tar", help="Guarda todas las imágenes en un archivo."),
    ] = None,
    load: Annotated[
        Path | None,
        typer.Option("--load", metavar="PAQUETE.tar", help="Carga un paquete y comprueba que no falta nada."),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="Solo muestra qué hace falta, sin descargar.")
    ] = False,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Prepara un taller sin buena red: imágenes necesarias, descarga y paquete .tar."""
    from rich.table import Table

    from dockerlab.classroom import prepare as prep
    from dockerlab.course.catalog import load_catalog
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.ui.output import OutputMode, make_output

    catalog = load_catalog()
    lessons = [catalog.get(i) for i in lesson_ids] if lesson_ids else catalog.lessons
    output = make_output(OutputMode.from_flags(json_out, plain))
    engine = EngineProvider().get()
    refs = list(prep.image_refs(lessons))
    loaded: list[str] = []
    if load is not None:
        loaded, _ = prep.load_pack(engine, load, refs)
    needs = prep.survey(engine, lessons)
    if not list_only and load is None:
        if json_out:  # stdout carries one JSON document only: the pulls show in its "images"
            prep.pull_missing(engine, needs, lambda event: None)
        else:
            presenter = output.presenter()
            try:
                prep.pull_missing(engine, needs, presenter.handle)
            finally:
                presenter.close()
        needs = prep.survey(engine, lessons)
    saved = prep.save_pack(engine, refs, save) if save is not None else 0
    network = prep.network_needs(lessons)
    missing = [n.ref for n in needs if not n.present]
    if output.mode is OutputMode.JSON:
        write_document(
            envelope(
                {
                    "images": [n.__dict__ for n in needs],
                    "loaded": loaded,
                    "saved": {"file": str(save), "bytes": saved} if save else None,
                    "needs_network": [n.__dict__ for n in network],
                    "missing": missing,
                }
            )
        )
    else:
        console = output.console
        table = Table(title="Imágenes que necesitan las lecciones", title_justify="left")
        for column in ("imagen", "lecciones", "estado", "tamaño"):
            table.add_column(column, overflow="fold")
        for need in needs:
            table.add_row(
                need.ref,
                ", ".join(need.lessons),
                "✓ presente" if need.present else "✗ falta",
                _megabytes(need.size),
            )
        console.print(table)
        total = sum(n.size for n in needs)
        console.print(f"Total en este motor: {_megabytes(total)}", highlight=False)
        for line in loaded:
            console.print(f"Cargado: {line}", highlight=False)
        if save is not None:
            console.print(
                f"Paquete guardado en {save} ({_megabytes(saved)}). Cópialo a los "
                f"computadoras y cárgalo con «dockerlab prepare --load {save.name}».",
                highlight=False,
            )
        if network:
            console.print(
                "\nEsto seguirá necesitando red (se descarga al construir las "
                "imágenes; un paquete de imágenes no lo incluye):"
            )
            for item in network:
                console.print(f"  • {item.lesson}: {item.where}: {item.what}", highlight=False)
    raise typer.Exit(ExitCode.CHECK_FAILED if missing else ExitCode.OK)


@commands.command(cls=SpanishCommand)
def clean(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Solo muestra qué se borraría.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="No pedir confirmación.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Borra todo lo que crearon dockerlab y sus lecciones (y nada más)."""
    from dockerlab.engine.provider import EngineProvider

    engine = EngineProvider().get()
    plan = engine.labelled()
    if json_out:
        payload = envelope(
            {
                "dry_run": dry_run,
                "containers": plan.containers,
                "images": plan.images,
                "networks": plan.networks,
                "volumes": plan.volumes,
            }
        )
    else:
        typer.echo("Objetos con el label de dockerlab (io.dockerlab.lesson):")
        typer.echo(f"  {plan.describe()}")
        typer.echo("Todo lo demás de tu motor (tus contenedores, imágenes, redes y volúmenes) no se toca.")
    if plan.empty() or dry_run:
        if json_out:
            write_document(payload | {"removed": False})
        elif plan.empty():
            typer.echo("No hay nada que limpiar.")
        raise typer.Exit(ExitCode.OK)
    if not yes:
        if not sys.stdin.isatty():
            raise NeedsTerminal("Para limpiar sin terminal, añade --yes (o --dry-run para ver la lista).")
        if not typer.confirm("¿Los borro?", default=False):
            typer.echo("No he borrado nada.")
            raise typer.Exit(ExitCode.OK)
    engine.remove_labelled()
    left = engine.labelled()
    if json_out:
        write_document(payload | {"removed": True, "left": left.describe()})
    else:
        typer.echo("Limpieza hecha." if left.empty() else f"No pude borrar: {left.describe()}")
    raise typer.Exit(ExitCode.OK if left.empty() else ExitCode.CHECK_FAILED)


@commands.command(cls=SpanishCommand)
def report(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="PROGRESO.json...", help="Exportaciones de «dockerlab progress --json»."),
    ],
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Une el progreso de muchos alumnos en una tabla de la clase."""
    from rich.table import Table

    from dockerlab.classroom.report import build_report
    from dockerlab.course.catalog import load_catalog
    from dockerlab.ui.output import OutputMode, make_output

    result = build_report(files, load_catalog(outline=True))
    output = make_output(OutputMode.from_flags(json_out, plain))
    if output.mode is OutputMode.JSON:
        write_document(result.to_dict())
        return
    console = output.console
    table = Table(title=f"Progreso de la clase ({len(result.learners)} alumnos)", title_justify="left")
    # lessons by number (a legend follows): a class table of 13 lessons fits 80 columns
    longest = max((len(row.learner) for row in result.learners), default=6)
    table.add_column("alumno", no_wrap=True, min_width=min(longest, 24))
    for number, _lesson in enumerate(result.lessons, start=1):
        table.add_column(str(number), justify="center", no_wrap=True)
    table.add_column("fallos", justify="right")
    for row in result.learners:
        cells = []
        for lesson_id, total in result.lessons:
            done = row.done.get(lesson_id, 0)
            cells.append("✓" if total and done >= total else f"{done}/{total}")
        table.add_row(row.learner, *cells, str(row.failures))
    console.print(table)
    legend = " · ".join(f"{n} {lesson_id}" for n, (lesson_id, _total) in enumerate(result.lessons, start=1))
    console.print(f"Lecciones: {legend}", highlight=False, soft_wrap=False)
    if result.stuck:
        stuck = Table(title="Dónde se atasca la gente (verificaciones fallidas)", title_justify="left")
        for column in ("lección", "paso", "fallos", "alumnos"):
            stuck.add_column(column)
        for lesson_id, step, fails, people in result.stuck:
            stuck.add_row(lesson_id, step, str(fails), str(people))
        console.print(stuck)
