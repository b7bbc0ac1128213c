"""The browser editor: Decap CMS configured from the site (`backstory cms`, docs/cms.md)."""
