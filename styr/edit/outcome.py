"""Record one outcome in a goal file by editing its text, so every other byte (comments, order, quoting) stays."""

from __future__ import annotations

from styr.edit import scalars
from styr.edit.document import Change, Edit, EntryExists, checked, parse, unchanged
from styr.edit.lines import Lines
from styr.edit.values import OutcomeValue, same_outcome
from styr.edit.yamltext import closing, entry_end, flow_insert, is_flow, key_quote, scalar_end
from styr.load.yamlio import YList, YMap
from styr.model.periods import Period, PeriodError, parse_period

NOUN = "utfallet"


def _period_of(key: str) -> Period | None:
    try:
        return parse_period(key)
    except PeriodError:
        return None


def set_outcome(text: str, indicator_id: str, period: str, value: OutcomeValue, *, replace: bool = False) -> Edit:
    """Set `utfall[period]` of one indicator to `value`, touching only that entry. Raises EntryExists when the
    period has another outcome and `replace` is not set, EditError when the edit cannot be done safely."""
    t = Lines.of(text)
    doc = parse(t.body)
    inds = doc.get("indikatorer")
    index = next((i for i, m in enumerate(inds) if isinstance(m, YMap) and str(m.get("id")) == indicator_id),
                 None) if isinstance(inds, YList) else None
    if index is None or not isinstance(inds, YList):
        raise scalars.EditError(f"indikatorn '{indicator_id}' finns inte i filen.")
    ind: YMap = inds[index]
    path = ("indikatorer", index)
    outcomes = ind.get("utfall")
    if "utfall" in ind and isinstance(outcomes, YMap):
        return _in_mapping(t, doc, ind, outcomes, path, period, value, replace)
    if "utfall" in ind:
        return _under_empty_key(t, doc, ind, path, indicator_id, period, value)
    return _new_mapping(t, doc, ind, path, period, value)


def _in_mapping(t: Lines, doc: YMap, ind: YMap, outcomes: YMap, path: tuple[str | int, ...], period: str,
                value: OutcomeValue, replace: bool) -> Edit:
    target = parse_period(period)
    flow = is_flow(t, ind, "utfall")
    here = (*path, "utfall")
    match = next((k for k in outcomes if _period_of(k) == target), None)
    if match is not None:
        old = outcomes[match]
        line = outcomes.where(match)[0]
        if same_outcome(old, value.meant):
            return unchanged(t, line, old)
        if not replace:
            raise EntryExists(match, old, line)
        start = t.offset(outcomes.where(match))
        # An outcome in the long form written { … } is replaced whole; the check below proves nothing else moved.
        end = closing(t.body, start)[0] + 1 if t.body[start:start + 1] == "{" else scalar_end(t.body, start, flow)
        new_body = t.replace(start, end, value.text)
        return checked(t, new_body, doc, Change(here, match, value.meant), NOUN, line=line, previous=old)
    key = scalars.key(period, key_quote(t, outcomes))
    later = next((k for k in outcomes if (p := _period_of(k)) is not None and p > target), None)
    change = Change(here, period, value.meant, before=later)
    if flow:
        new_body, line = flow_insert(t, t.offset(ind.where("utfall")), outcomes, later, f"{key}: {value.text}")
        return checked(t, new_body, doc, change, NOUN, line=line)
    first = next(iter(outcomes))
    indent = outcomes.where_key(first)[1] - 1
    if later is not None:
        before = outcomes.where_key(later)[0] - 1
        # A comment just above the later entry, at its indent, is about that entry: the new one goes above it.
        top = ind.where_key("utfall")[0] - 1
        while before - 1 > top and t.comment(before - 1) and t.indent(before - 1) == indent:
            before -= 1
    else:
        last = list(outcomes)[-1]
        before = entry_end(t, outcomes.where_key(last)[0] - 1, indent, value_at=t.offset(outcomes.where(last)),
                           deeper_comments=False) + 1
    new_body = t.splice(before, before, [" " * indent + f"{key}: {value.text}"])
    return checked(t, new_body, doc, change, NOUN, line=before + 1)


def _under_empty_key(t: Lines, doc: YMap, ind: YMap, path: tuple[str | int, ...], indicator_id: str, period: str,
                     value: OutcomeValue) -> Edit:
    """`utfall:` with nothing after it: the first entry goes on the next line."""
    key_line, key_col = ind.where_key("utfall")
    written = t.lines[key_line - 1]
    colon = written.find(":", key_col - 1)
    after = written[colon + 1:].strip() if colon >= 0 else "?"
    if ind.get("utfall") is not None or (after and not after.startswith("#")):
        raise scalars.EditError(f"utfall i indikatorn '{indicator_id}' är inte en mappning; rätta det för hand.")
    indent = key_col - 1 + 2
    new_body = t.splice(key_line, key_line, [" " * indent + f"{scalars.key(period)}: {value.text}"])
    change = Change(path, "utfall", {period: value.meant})
    return checked(t, new_body, doc, change, NOUN, line=key_line + 1)


def _new_mapping(t: Lines, doc: YMap, ind: YMap, path: tuple[str | int, ...], period: str,
                 value: OutcomeValue) -> Edit:
    """An indicator without `utfall`: the mapping is added after `målvärde` (or last), in its style."""
    entry = f"{scalars.key(period)}: {value.text}"
    if t.char(ind.pos) == "{":
        change = Change(path, "utfall", {period: value.meant})
        new_body, line = flow_insert(t, t.offset(ind.pos), ind, None, f"utfall: {{{entry}}}")
        return checked(t, new_body, doc, change, NOUN, line=line)
    keys = list(ind)
    anchor = "målvärde" if "målvärde" in ind else keys[-1]
    following = keys[keys.index(anchor) + 1] if keys.index(anchor) + 1 < len(keys) else None
    change = Change(path, "utfall", {period: value.meant}, before=following)
    indent = ind.where_key(anchor)[1] - 1
    after = entry_end(t, ind.where_key(anchor)[0] - 1, indent, value_at=t.offset(ind.where(anchor)),
                      deeper_comments=False) + 1
    if "målvärde" in ind and is_flow(t, ind, "målvärde"):
        lines = [" " * indent + f"utfall: {{{entry}}}"]
    else:
        lines = [" " * indent + "utfall:", " " * (indent + 2) + entry]
    new_body = t.splice(after, after, lines)
    return checked(t, new_body, doc, change, NOUN, line=after + len(lines))
