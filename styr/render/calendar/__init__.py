"""The årshjul (the year's planning and follow-up cycle) as text, Markdown and iCalendar."""
