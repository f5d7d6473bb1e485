"""Tables and data in and out of a goal repository: spreadsheets (CSV today, xlsx later), Kolada, open data."""
