"""Reports: styrkort, målrapport and verksamhetsplan as a static HTML site or as Markdown."""
