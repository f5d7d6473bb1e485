"""X: styr's own failures, reported as findings instead of tracebacks."""

from styr.diagnostics import Severity as S
from styr.rules.registry import rule

X01 = rule("X01", "internt-fel", S.ERROR, "Ett internt fel i styr.",
           """En regel i styr kraschade. Övriga regler har ändå körts. Det är ett fel i styr, inte i målrepot:
           rapportera det med meddelandet.""",
           "Rapportera felet till styrs utvecklare.")
