"""The mail the app sends, read back from the folder it writes to when no server is set."""

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

from flask import Flask

from planner.tasks import run_pending


@dataclass
class Outbox:
    """The folder where mail goes when no mail server is set."""

    folder: Path
    app: Flask

    def deliver(self) -> int:
        """Run the queued mail as the worker would; return how many tasks ran."""
        with self.app.app_context():
            return run_pending()

    def messages(self) -> list:
        """Every message sent so far (the queue's due tasks run first), oldest first, parsed."""
        self.deliver()
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.folder.glob("*.eml"))]

    def texts(self) -> list[str]:
        """Every message sent so far, oldest first, as raw text (headers included)."""
        self.deliver()
        return [p.read_text() for p in sorted(self.folder.glob("*.eml"))]

    def links(self) -> list[str]:
        """Every reset link found in the messages."""
        found = []
        for message in self.messages():
            found += re.findall(r"http://localhost(/reset-password/\S+)", message.get_content())
        return found
