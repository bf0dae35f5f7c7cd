"""What the test groups share: site builds and the browser (`sites`), record writers (`helpers`), the
hostile demo project, the link check, the publication data, the quality gate's checkers, and the
Python mirror of the search reader. Imported as `tests.support.<module>` from any group."""
