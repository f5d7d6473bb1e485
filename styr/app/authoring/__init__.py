"""The authoring side of the application layer: what `utfall`, `import`, `bedömning`, `uppföljning`, `new` and
`init` do between reading their options and printing their result.

Each command makes one call here. A call opens the goal repository as it is on disk, checks the user's values
against it, has edit/ write the change (all files or none) and returns what happened as a value; every reason
it cannot is an AuthoringError with a Swedish message. Nothing here prints.
"""
