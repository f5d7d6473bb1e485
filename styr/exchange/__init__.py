"""Tables and data in and out of a goal repository: spreadsheets (CSV, xlsx), Kolada, open data and DCAT."""
