"""The learned event coder (``ModelCoder``), its partner ``HybridCoder`` and their training
(``training.py``, torch only there). See docs/model.md."""
