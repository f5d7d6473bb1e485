"""P: publishing rules: what `publicering:` in styrmodell.yaml asks of the published report (the accent colour)."""

from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.model.types import ModelConfig
from styr.rules.context import Context
from styr.rules.registry import check, rule

DEFAULT_ACCENT = "#1a4fa0"
"""The report's own accent colour: 7.4:1 against white."""
ACCENT_BACKGROUNDS = ("#ffffff", "#f5f5f5")
"""Where the report puts the accent colour: links and borders on the page (white) and on table headings (light
grey); the current tab is white text on the accent, which is the same contrast as the accent on white."""
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text (1.4.3)

P01 = rule("P01", "accentfarg-kontrast", S.WARNING, "Accentfärgen har för låg kontrast för en tillgänglig rapport.",
           """`publicering: accentfärg` färgar länkar, sidhuvudets linje och den valda fliken i rapporten. Offentliga
           webbplatser ska följa WCAG 2.1 AA: text ska ha minst 4,5:1 i kontrast mot sin bakgrund. En accentfärg
           med lägre kontrast mot vitt (eller mot tabellrubrikernas ljusgrå) används inte: rapporten får då styrs
           standardfärg, och den här regeln säger till.""",
           "Välj en mörkare nyans av färgen, t.ex. med en kontrastkontroll för WCAG.")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _is_hex(text: object) -> bool:
    return isinstance(text, str) and len(text) == 7 and text[0] == "#" and all(
        c in "0123456789abcdefABCDEF" for c in text[1:])


def accent_problem(config: ModelConfig | None) -> str:
    """Why the configured accent colour cannot be used ('' when it can, or when none is configured)."""
    wanted = dict(config.publishing).get("accentfärg") if config is not None else None
    if wanted is None:
        return ""
    if not _is_hex(wanted):
        return f"Accentfärgen '{wanted}' är ingen färg som #rrggbb."
    worst = min(contrast(str(wanted), bg) for bg in ACCENT_BACKGROUNDS)
    if worst < MIN_CONTRAST:
        shown = f"{worst:.2f}".replace(".", ",")
        return (f"Accentfärgen {wanted} har bara {shown}:1 i kontrast mot rapportens bakgrund (minst 4,5:1 krävs); "
                f"rapporten använder standardfärgen {DEFAULT_ACCENT}.")
    return ""


def accent_colour(config: ModelConfig | None) -> str:
    """The accent colour the report uses: the kommun's own when it passes the contrast check, else styr's."""
    if config is None or accent_problem(config):
        return DEFAULT_ACCENT
    wanted = dict(config.publishing).get("accentfärg")
    return str(wanted).lower() if wanted is not None else DEFAULT_ACCENT


@check(P01)
def accent_contrast(ctx: Context) -> Iterator[Diagnostic]:
    config = ctx.repo.config
    problem = accent_problem(config)
    if config is None or not problem:
        return
    line, col = config.publishing_locs.get("accentfärg", (1, 1))
    yield P01.diag(problem, config.path, line, col)
