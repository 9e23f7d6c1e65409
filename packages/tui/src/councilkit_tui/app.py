"""The councilkit terminal app.

Areas are Textual *modes* (Home, Clauses, Ask, Cases, Registers, Compare;
plugins may add more), switched with function keys or the command palette
(ctrl+p).  Every binding has an id, so a user keymap can remap it (see
:mod:`councilkit_tui.keymap`); F1 shows help for whatever has focus.  Nothing
slow happens before the first paint: council files are read and the store is
opened in a worker while Home shows progress.

Who you are: the person whose login you use (``--as PERSON`` for
administrators, recorded on what you write); with ``--demo`` the demo store,
where your login is its administrator and sees every council.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

from . import stylecache
from .keymap import load_keymap
from .screens.home import HomeScreen
from .session import Session
from .typeahead import OrderedKeys

if TYPE_CHECKING:
    from councilkit.plugins import Registry


def _lazy(where: str) -> Callable[[], Any]:
    """``module:Name`` under this package, imported when first called: only Home (and what it shows) is imported
    before the first frame; each other area's module when the area is first shown or its keys are listed."""
    module, _, name = where.partition(":")

    def get() -> Any:
        return getattr(import_module(f"{__package__}.{module}"), name)

    get.__qualname__ = get.__name__ = name
    return get


def _screen_factory(where: str) -> Callable[[], Any]:
    cls = _lazy(where)

    def make() -> Any:
        return cls()()

    make.__qualname__ = make.__name__ = where.rpartition(":")[2]
    return make


class _Stylesheet(Stylesheet):
    """Textual's stylesheet, with what it parses kept for the life of the process.

    Textual parses every stylesheet again, from scratch, whenever it re-applies the CSS variables (at
    start-up: once as it starts, once for the theme, once as Home is first shown), although the CSS and
    the variables are the same each time; our stylesheet is the largest.  The rules parsed from the same
    text with the same variables are the same, so they are kept (Textual's own copies of a stylesheet
    share them too) and only new text or new variables (a change of theme) are parsed; what was parsed is
    also kept on disk (:mod:`.stylecache`), so a start parses none of it (Textual's private
    ``Stylesheet._parse_rules`` and ``reparse``, 8.2.8, are overridden for this).
    """

    _parsed: ClassVar[LRUCache[tuple[Any, ...], list[Any]]] = LRUCache(256)

    def _parse_rules(self, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
                     scope: str = "") -> list[Any]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = self._parsed.get(key)
        if rules is None:
            rules = stylecache.read(key)  # parsed by an earlier start (stylecache: keyed by Textual's code too)
            if rules is None:
                rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
                stylecache.write(key, rules)
            self._parsed[key] = rules
        return rules

    def reparse(self) -> None:
        """Textual's (8.2), the fresh stylesheet it parses into being one of these."""
        stylesheet = _Stylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                                  scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        else:
            self._rules = stylesheet.rules
            self._rules_map = None
            self.source = stylesheet.source
            self._require_parse = False


#: the stages of start-up (CouncilkitApp.load, then .preload) whose objects were set aside from the garbage
#: collector's passes: once per process, so that a program running several apps in turn (tests) keeps only
#: the first one's there, instead of every app's for good
_LOADED, _PRELOADED = "load", "preload"
_FROZEN: set[str] = set()


def _freeze_once(stage: str) -> None:
    if stage not in _FROZEN:
        _FROZEN.add(stage)
        gc.freeze()
#: the loading at start-up says where it is at most this often (seconds): a quick start shows no steps
PROGRESS_EVERY = 0.1
#: narrower than this many columns, panes side by side stack instead (80 columns: one above the other)
NARROW = 100

#: each area: its mode, title, what it is for, and where its screen is (imported when the area is first shown)
AREAS = [
    ("home", "Home", "What needs attention", "screens.home:HomeScreen"),
    ("clauses", "Clauses", "Read the protocol clause by clause", "screens.clauses:ClausesScreen"),
    ("ask", "Ask", "May someone do something? With the clauses that say so", "screens.ask:AskScreen"),
    ("cases", "Cases", "Concerns from opening to closure: overdue first", "screens.cases:CasesScreen"),
    ("registers", "Registers", "The registers the protocol relies on", "screens.registers:RegistersScreen"),
    ("compare", "Compare", "Several councils' clauses on one topic, side by side", "screens.compare:CompareScreen"),
]
#: the command palette's own providers (ctrl+p), imported when the palette first opens
PALETTE = ("palette:ScreenCommands", "palette:ClauseCommands", "palette:CaseCommands", "palette:RegisterCommands")


class CouncilkitApp(OrderedKeys):
    """The app; keys typed ahead are applied in order, each where the focus is by then (:mod:`.typeahead`)."""

    TITLE = "councilkit"
    CSS_PATH = "councilkit.tcss"
    MODES = {name: HomeScreen if name == "home" else _screen_factory(where) for name, _, _, where in AREAS}
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {_lazy(where) for where in PALETTE}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "toggle_help", "Help", id="app.help"),
        # each goes to its area's main view (the case list, not the last case opened)
        Binding("f2", "area('home')", "Home", id="app.home", show=False),
        Binding("f3", "area('clauses')", "Clauses", id="app.clauses", show=False),
        Binding("f4", "area('ask')", "Ask", id="app.ask", show=False),
        Binding("f5", "area('cases')", "Cases", id="app.cases", show=False),
        Binding("f6", "area('registers')", "Registers", id="app.registers", show=False),
        Binding("f7", "area('compare')", "Compare", id="app.compare", show=False),
        Binding("f9", "choose_council", "Council", id="app.council", show=False),
        Binding("f10", "messages", "Messages", id="app.messages", show=False),
    ]

    def __init__(self, *, councils: Path | str | None = None, council_id: str | None = None,
                 db: Path | str | None = None, as_person: str | None = None, demo: bool = False,
                 login: str | None = None, blink: bool = True, registry: Registry | None = None,
                 person_id: int | None = None, colours: str | None = None, review: Path | str | None = None) -> None:
        """The options are :func:`create_app`'s."""
        # a 16-colour terminal gets the terminal's own colours (Textual's ANSI theme), not truecolour
        # shades squeezed into 16 where greys fall together; cues are shapes there (the stylesheet's :ansi)
        super().__init__(ansi_color=True if colours == "16" else None)
        self.stylesheet = _Stylesheet(variables=self.get_css_variables())
        if colours == "16":
            self.theme = "ansi-dark"
        self.session = Session(councils, db=db, as_person=as_person, demo=demo, login=login, person_id=person_id)
        self.council_id = council_id
        #: cursors blink; snapshot tests turn this off so every picture is the same
        self.blink = blink
        #: the screens and palette commands plugins add: found once the first frame is painted (:meth:`extend`)
        self.registry = registry
        self.extra_screens: list[Any] = []
        self.plugin_problems: list[str] = []
        #: an imported council file whose proposed norms to review first (``councilkit tui --review FILE``)
        self.review_path = Path(review) if review else None
        self._told_identity: set[str] = set()
        #: everything said in a toast, to read again (F10)
        self.said: list[Any] = []
        self.keymap_problems: list[str] = []
        keymap, self.keymap_problems = load_keymap(self.binding_ids)  # lists them only if there is a keymap
        self.user_keymap = keymap
        if keymap:
            self.set_keymap(keymap)

    #: keys typed while the councils are read, the store opened and the plugins' screens found wait for them
    #: (the council chooser may follow; a plugin's screen may be what the key is for)
    KEYS_WAIT_FOR_GROUPS = frozenset({"load", "extend"})

    def unheld_keys(self) -> set[str]:
        return set(self.user_keymap.get("app.quit", "ctrl+q").split(","))

    # start-up -------------------------------------------------------------------
    #: the garbage collector was running when start-up paused it (:meth:`_pause_collector`)
    _collector_paused = False

    def on_load(self) -> None:
        """The app starts: the garbage collector is paused until Home's list is read (:meth:`load`).  Building
        Home, its first frame and the loading make long-lived objects (widgets, styles, the SDK's modules and
        the councils) over a heap that holds Textual's: the collector's passes walked them as they grew,
        15 to 20 ms before the first frame and as much again before Home's list."""
        self._pause_collector()

    def _pause_collector(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_resize(self, event: events.Resize) -> None:
        """Narrower than :data:`NARROW` columns, panes stack and help takes the whole width (the stylesheet)."""
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=15)
        self._loading = False  # the next frame painted starts the slow work (_display), or else the next refresh
        self.call_after_refresh(self._start_loading)
        if self.review_path is not None:  # `councilkit tui --review FILE`: the review in front, Home beneath
            from .screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.review_path))

    #: None until mounted; then False until the worker that reads the councils and the store starts
    _loading: bool | None = None
    #: what needs attention at the council Home opens on, read by the start-up worker: (council id, the
    #: session's revision, items or None, the problem); Home takes it when it opens on that council
    attention_ahead: tuple[Any, ...] | None = None
    #: the case list's first page, read while Home is shown (screens.cases.case_list.CasesAhead)
    cases_ahead: Any = None

    def _display(self, screen: Any, renderable: Any) -> None:
        """Textual's: a frame goes to the terminal.  The first one once the app is mounted (Home with its keys
        line) starts the slow work at once: waiting for the screen's next refresh (call_after_refresh) left
        the app idle for a frame or two."""
        super()._display(screen, renderable)
        if renderable is not None and self._loading is False:
            self._start_loading()

    def _start_loading(self) -> None:
        if self._loading is False:
            self._loading = True
            self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Read the council files and open the store; then, in the same worker, what needs attention at the
        council Home opens on (so Home shows it in the same frame as the rest)."""
        shown = [time.monotonic()]

        def progress(message: str, fraction: float) -> None:
            # a step is shown when the loading has been going on a while, at most ten times a second (each one
            # shown is a frame drawn, taken from the loading); the app shows it when it gets to it
            now = time.monotonic()
            if now - shown[0] >= PROGRESS_EVERY:
                shown[0] = now
                self.call_later(self._progress, message, fraction)

        session = self.session
        # The loading imports most of the SDK (some forty modules, eighty classes) and reads the councils:
        # long-lived objects, made in a heap that already holds Textual's.  The garbage collector's passes
        # walked them as they grew, the longest over the whole heap: 20 to 30 ms of a start that showed
        # nothing meanwhile.  It is paused until Home's list is read (from the app's start: on_load), and
        # what was made is set aside (gc.freeze, as the command line does), so that the passes Home's frame
        # then sets off are short.
        self._pause_collector()
        try:
            session.load(progress)
            mine = session.my_councils()
            wanted = session.council_or_none(self.council_id)
            if wanted is None and len(mine) == 1:
                wanted = mine[0]
            if wanted is not None:
                self.attention_ahead = (wanted.id, session.revision, *HomeScreen.read_attention(session, wanted))
        finally:
            _freeze_once(_LOADED)
            self._resume_collector()
        self.call_from_thread(self._loaded, mine)

    def home_ready(self) -> None:
        """Home shows what it came up to show (its list, or why there is none): the plugins' screens are found now,
        after the work the clerk is waiting for (keys typed meanwhile wait for them)."""
        if not self._extending:
            self._extending = True
            self.call_after_refresh(self.extend)  # once that is painted

    _extending = False

    @work(thread=True, exclusive=True, group="extend")
    def extend(self) -> None:
        """The screens and palette commands the installed plugins add (the UI's hooks), and a warning for each
        plugin that failed."""
        from councilkit.plugins import default_registry

        from .plugins import tui_extensions

        screens, providers, problems = tui_extensions(self.registry or default_registry())
        self.call_from_thread(self._extended, screens, providers, problems)

    def _extended(self, screens: list[Any], providers: list[Any], problems: list[str]) -> None:
        self.extra_screens, self.plugin_problems = screens, problems
        for spec in screens:
            self.add_mode(spec.name, spec.factory)
        self.COMMANDS = self.COMMANDS | set(providers)  # type: ignore[misc]
        for problem in problems:
            self.notify(problem, title="Plugin", severity="warning", timeout=15)
        self.preload()

    @work(thread=True, exclusive=True, group="preload")
    def preload(self) -> None:
        """Import the other areas' screens while the clerk reads Home, and read the case list's first page, so
        the first F5 (or F3, F6...) only builds its screen (F5 with its rows).  Keys do not wait for this: an
        area wanted meanwhile is imported by whichever gets there first, and the list reads its own page."""
        for *_, where in AREAS:
            _lazy(where)()
        from .screens.cases.case_list import CasesScreen

        try:
            ahead = CasesScreen.read_ahead(self.session)
        except Exception:  # the case list will read it again, and say what went wrong
            ahead = None
        if ahead is not None:
            self.call_from_thread(setattr, self, "cases_ahead", ahead)
        # Everything made so far (modules, classes, the councils, the screens' code) lives as long as the app:
        # the garbage collector's full passes need not walk it again and again.  They did, and a pass over
        # it held up a key by 15 to 60 ms now and then (a filter chosen in a list of 100,000 cases).  Once
        # per process: a program that runs several apps in turn (tests) keeps only the first one's.
        _freeze_once(_PRELOADED)

    def on_unmount(self) -> None:
        self._resume_collector()  # an app that ends before its loading did
        self.session.close()

    def _home(self) -> HomeScreen | None:
        stack = self._screen_stacks.get("home") or []
        return next((s for s in stack if isinstance(s, HomeScreen)), None)

    def _progress(self, message: str, fraction: float) -> None:
        home = self._home()
        if home is not None:
            home.progress(message, fraction)

    def _loaded(self, mine: list[Any]) -> None:
        session = self.session
        home = self._home()
        if home is not None:
            home.loaded()
        if session.store_problem:
            self.notify(session.store_problem, title="Store", severity="error", timeout=30)
        if session.identity_problem:
            self.notify(session.identity_problem, title="--as", severity="error", timeout=30)
        wanted = session.council_or_none(self.council_id)
        if self.council_id and wanted is None:
            self.notify(f"No council {self.council_id!r}; choose one.", severity="error")
        elif wanted is not None and wanted not in mine:
            self.notify(f"You hold no role at {wanted.name}; you see what the public may see there.",
                        severity="warning", timeout=10)
        if wanted is None and len(mine) == 1:
            wanted = mine[0]
        if wanted is not None:
            self.set_council(wanted.id)  # Home loads what needs attention, then calls home_ready()
            return
        if self.review_path is not None:
            pass  # `--review FILE`: the review is in front; F9 chooses a council later
        elif mine:
            self.action_choose_council()
        else:
            self.notify(session.councils_problem or "No council could be loaded: run `councilkit validate`.",
                        title="Councils", severity="error", timeout=30)
        self.home_ready()

    #: the CSS version (Textual's count of changes of theme and variables) the stylesheet was last applied for
    css_applied: int | None = None

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, noting that the stylesheet now matches the theme and variables (screens.base)."""
        super().refresh_css(animate)
        self.css_applied = self._css_update_count

    # councils -------------------------------------------------------------------
    def set_council(self, council_id: str) -> None:
        """Work on ``council_id``: every area shows it at once, including those not in sight (Ask's citations,
        Compare's columns, a register's tabs); a case or an entry of the council left is closed."""
        from .screens.base import CouncilScreen

        council = self.session.choose(council_id)
        self.sub_title = council.name
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, CouncilScreen) and screen.is_mounted:
                    screen.sync_council()
        if getattr(self.screen, "council_id", council.id) != council.id:  # an entry of the council left
            self.screen.dismiss()
        problem = self.session.identity_at(council)[1]
        if problem and council.id not in self._told_identity:
            self._told_identity.add(council.id)
            self.notify(problem, title="--as", severity="error", timeout=30)
        screen = self.screen
        if hasattr(screen, "sync_council"):
            screen.sync_council()

    def action_choose_council(self) -> None:
        if not self.session.loaded:
            return
        from .screens.councils import CouncilPicker

        today = self.session.today
        councils = self.session.my_councils()
        review = {c.id: c.review_status(today) for c in councils}
        current = self.session.council.id if self.session.council else None

        def chosen(council_id: str | None) -> None:
            if council_id:
                self.set_council(council_id)
            elif self.session.council is None:  # Escape at the start: say how to choose later
                home = self._home()
                if home is not None:
                    home.no_council(self.key_for("app.council"))

        self.push_screen(CouncilPicker(councils, review, current), chosen)

    # moving between areas -------------------------------------------------------
    async def action_area(self, mode: str) -> None:
        """Go to area ``mode`` at its main view: a case, an entry or a form opened there is left."""
        await self.switch_mode(mode)
        stack = self._screen_stacks.get(mode, [])
        while len(stack) > 1 and self.screen is stack[-1] and not self.screen.is_modal:
            self.pop_screen()

    def screens_list(self) -> list[tuple[str, str, str]]:
        return [(name, title, text) for name, title, text, _ in AREAS] + [
            (s.name, s.title, s.description) for s in self.extra_screens]

    async def open_clause(self, clause_id: str) -> None:
        """Show ``clause_id`` in the Clauses area (from a citation, the palette or Home)."""
        from .screens.clauses import ClausesScreen

        await self.switch_mode("clauses")
        screen = self.screen
        if isinstance(screen, ClausesScreen):
            screen.sync_council()
            screen.go_to(clause_id)

    async def open_case(self, case_id: int) -> None:
        """Show case ``case_id`` (from Home, the palette or the case list)."""
        from .screens.cases.case import CaseScreen

        await self.switch_mode("cases")
        while isinstance(self.screen, CaseScreen) or self.screen.is_modal:
            self.pop_screen()
        await self.push_screen(CaseScreen(case_id))

    async def open_cases(self, show: str = "active") -> None:
        from .screens.cases import CasesScreen

        await self.switch_mode("cases")
        screen = self.screen
        if isinstance(screen, CasesScreen):
            screen.set_show(show)

    async def open_entry(self, entry_id: int) -> None:
        """Show register entry ``entry_id`` with its history."""
        from .screens.registers.entry import EntryScreen

        await self.switch_mode("registers")
        while isinstance(self.screen, EntryScreen) or self.screen.is_modal:
            self.pop_screen()
        await self.push_screen(EntryScreen(entry_id))

    async def open_register(self, kind_id: str) -> None:
        from .screens.registers import RegistersScreen

        await self.switch_mode("registers")
        screen = self.screen
        if isinstance(screen, RegistersScreen):
            screen.sync_council()
            screen.show_kind(kind_id)

    def open_compare(self, topic: str) -> None:
        from .screens.compare import CompareScreen

        async def go() -> None:
            await self.switch_mode("compare")
            if isinstance(self.screen, CompareScreen):
                self.screen.set_topic(topic)

        self.call_later(go)

    # messages -------------------------------------------------------------------
    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Say something in a toast, as plain text (stored text is never read as markup, control characters
        are shown escaped), and keep it in the messages log (F10) to be read again."""
        import datetime as dt

        from councilkit.present.words import safe

        from .screens.messages import Said

        text, heading = safe(str(message)), safe(title, one_line=True)
        self.said.append(Said(dt.datetime.now(), str(severity), heading, text))
        super().notify(text, title=heading, severity=severity, timeout=timeout, markup=False)

    def action_messages(self) -> None:
        from .screens.messages import MessagesScreen

        if isinstance(self.screen, MessagesScreen):
            self.pop_screen()
            return
        self.push_screen(MessagesScreen(list(self.said), self.binding_ids()))

    def on_command_palette_opened(self) -> None:
        """Without ``blink`` (snapshot tests) no cursor blinks, the palette's own field's included."""
        if not self.blink:
            from textual.command import CommandInput

            for field in self.screen.query(CommandInput):
                field.cursor_blink = False

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_show_help_panel(self) -> None:
        """Help for what has focus, saying how to close it (at 80 columns it covers the screen)."""
        from .widgets.help import Help

        if not self.screen.query("HelpPanel"):
            self.screen.mount(Help(self.key_for("app.help")))

    # keys -----------------------------------------------------------------------
    def key_for(self, binding_id: str) -> str:
        """The key a binding is on now (the user's keymap, else the default), as the footer writes it."""
        def owners() -> Iterator[Any]:  # the app's own first: Home asks only for those, so the screens
            yield type(self)            # that bind the rest load when first wanted, after the first frame
            yield from self.binding_owners()

        for owner in owners():
            for b in owner.BINDINGS:
                if isinstance(b, Binding) and b.id == binding_id:
                    keys = self.user_keymap.get(binding_id, b.key)
                    first = keys.split(",")[0]
                    shown = self.get_key_display(Binding(first, b.action))
                    return shown.upper() if len(shown) <= 3 and shown[:1] == "f" else shown
        return "?"

    @classmethod
    def binding_owners(cls) -> list[Any]:
        from .screens.cases.action_form import ActionForm
        from .screens.cases.case import CaseScreen
        from .screens.cases.new_case import NewCaseScreen
        from .screens.clauses import JumpDialog
        from .screens.councils import CouncilPicker
        from .screens.messages import MessagesScreen
        from .screens.registers import RegisterSearch
        from .screens.registers.entry import EntryScreen, ReasonDialog
        from .screens.registers.entry_form import EntryForm
        from .screens.review import ChangeField, ReviewScreen
        from .widgets.scrolling import Panel
        from .widgets.tables import LazyTable

        return [cls, *(_lazy(where)() for *_, where in AREAS), JumpDialog, CouncilPicker, CaseScreen, ActionForm,
                NewCaseScreen, EntryScreen, EntryForm, ReasonDialog, RegisterSearch, MessagesScreen, ReviewScreen,
                ChangeField, LazyTable, Panel]

    @classmethod
    def binding_ids(cls) -> list[str]:
        """Every binding id a keymap may remap."""
        ids: list[str] = []
        for owner in cls.binding_owners():
            ids += [b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id and b.id not in ids]
        return ids


def create_app(*, councils: Path | str | None = None, council_id: str | None = None,
               db: Path | str | None = None, demo: bool = False, as_person: str | None = None,
               login: str | None = None, blink: bool = True, registry: Registry | None = None,
               person_id: int | None = None, colours: str | None = None,
               review: Path | str | None = None) -> CouncilkitApp:
    """The terminal UI, with every option given here: it reads none from a command line.

    - ``councils``: the directory of council files (default: those the settings name, else the bundled ones);
    - ``council_id``: the council to open at once (default: the person's only one, else they choose);
    - ``db``: the SQLite store (default: the platform data directory's); with ``demo``, the demo store
      (default: ``demo.db`` beside the real store), filled the first time;
    - ``demo``: the demo, where a login that is no person there is its administrator;
    - ``as_person``: act as this person (administrators only; recorded on what is written);
    - ``login``: who is using the app (default: the operating-system login);
    - ``blink``: cursors blink (tests turn it off, so every picture is the same);
    - ``registry``: the plugins whose screens and palette commands to add (default: those installed);
    - ``person_id``: a person the embedding program has already authenticated (``councilkit serve``, from
      an SSH key): the app acts as exactly this person and reads no operating-system login; ``as_person``
      and the demo's administrator rule do not apply (giving ``as_person`` too is a ValueError).  Only a
      Python caller can set it: no environment variable or command-line option reaches it;
    - ``colours``: ``"16"`` for a terminal of 16 colours (:func:`terminal_colours` tells); default: as
      many as Textual finds;
    - ``review``: an imported council file whose proposed norms to review first (``councilkit tui --review FILE``).

    Nothing slow happens here: council files are read and the store opened once the first frame is
    painted.  ``councilkit tui`` passes the command's options; an embedding program (an SSH server
    making one app per connection, a test) passes its own.
    """
    if person_id is not None and as_person:
        raise ValueError("create_app: person_id (an authenticated person) and as_person cannot both be given")
    return CouncilkitApp(councils=councils, council_id=council_id, db=db, demo=demo, as_person=as_person,
                         login=login, blink=blink, registry=registry, person_id=person_id, colours=colours,
                         review=review)


def terminal_colours(environ: Mapping[str, str]) -> str | None:
    """``"16"`` when the terminal ``environ`` describes shows only 16 colours (``TERM=vt100``, ``xterm``,
    ``linux``, ``screen`` without ``-256color``, and no ``COLORTERM=truecolor``), as Rich decides; else None."""
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return None
    term = environ.get("TERM", "").lower()
    if not term or term == "dumb":
        return None
    return None if term.rpartition("-")[2] in ("256color", "direct", "truecolor", "24bit") else "16"


def run(*, councils: Path | str | None = None, council_id: str | None = None, db: Path | str | None = None,
        demo: bool = False, as_person: str | None = None, review: Path | str | None = None) -> None:
    """Run the terminal UI in this terminal until the person quits: :func:`create_app`'s options; who is
    using it is the operating system's account (never an option), and its colours the terminal's."""
    import os

    create_app(councils=councils, council_id=council_id, db=db, demo=demo, as_person=as_person,
               colours=terminal_colours(os.environ), review=review).run()
