"""The application layer: every command opens its repository, scope and pipeline here.

`workspace` opens a goal repository (work tree or `--rev`) and today's date, `scope` chooses the period and
the unit scope, `pipeline` runs load → model → rules; one module per use case (`checking`, `status`, `reports`,
`audit`, `calendar`, `owners`, `schemas`) serves one command each. Refusals are `errors.AppError`.
"""
