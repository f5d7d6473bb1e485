"""Shell completion: `styr --install-completion` does typer's installation, and says so in Swedish."""

from __future__ import annotations

from typing import Any

import typer

_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def install(ctx: Any, param: Any, value: Any) -> Any:
    """`styr --install-completion`: typer's installation, told in Swedish."""
    if not value or ctx.resilient_parsing:
        return value
    from typer import _completion_shared as shared

    shell = value if isinstance(value, str) else shared._get_shell_name()
    if shell not in _SHELLS:
        typer.echo(f"styr: kompletteringen kan inte installeras för skalet '{shell or 'okänt'}'; bash, zsh, fish "
                   "och PowerShell stöds. 'styr --show-completion SKAL' visar skriptet.", err=True)
        raise typer.Exit(2)
    shell, path = shared.install(shell=shell, prog_name=ctx.find_root().info_name or "styr")
    typer.echo(f"Kompletteringen för {shell} installerades i {path}. Den gäller i nya terminalfönster.")
    raise typer.Exit(0)
