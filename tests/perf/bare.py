"""The yardstick: a bare Flask endpoint returning a constant string, served like the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def constant():
    """Answer with a constant string."""
    return "ok"
