"""The annotated news corpus: standoff annotations over real news, build and checks."""
