"""Flask commands: `flask --app wsgi users ...`, `flask --app wsgi backup FILE`."""

import subprocess
import sys
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from planner.accounts import service
from planner.accounts.models import ROLE_ADMIN, ROLE_USER
from planner.accounts.passwords import password_problem
from planner.accounts.rules import USERNAME_PATTERN
from planner.backup import backup
from planner.extensions import db

users = AppGroup("users", help="Manage accounts.")


def _read_password(from_stdin: bool, username: str, email: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, username=username, email=email)
    if problem:
        raise click.ClickException(problem)
    return password


@users.command("create-admin")
@click.argument("username")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(username: str, email: str, password_stdin: bool) -> None:
    """Create an admin account."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise click.ClickException("Use 3 to 32 characters: letters, digits, _ or -.")
    try:
        # The same check as the web forms, so the shell cannot store an unusable address.
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise click.ClickException("Give a valid email address, like name@example.com.") from None
    password = _read_password(password_stdin, username, email)
    try:
        user = service.register_user(username, email, password, role=ROLE_ADMIN)
    except service.AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created admin {user.username} <{user.email}>.")


@users.command("list")
def list_users() -> None:
    """List every account with its role."""
    for user in service.list_users():
        click.echo(f"{user.id}\t{user.username}\t{user.email}\t{user.role}")


def _set_role(username: str, role: str) -> None:
    try:
        user = service.set_role(username, role)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.username} is now {'an admin' if role == ROLE_ADMIN else 'a user'}.")


@users.command("promote")
@click.argument("username")
def promote(username: str) -> None:
    """Give a user the admin role."""
    _set_role(username, ROLE_ADMIN)


@users.command("demote")
@click.argument("username")
def demote(username: str) -> None:
    """Take the admin role away (the last admin cannot be demoted)."""
    user = service.find_by_username(username)
    if user is not None and user.is_admin and service.count_admins() == 1:
        raise click.ClickException("That is the only admin; promote someone else first.")
    _set_role(username, ROLE_USER)


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Copy the database to TARGET while the app keeps running (see README: restore)."""
    try:
        written = backup(db.engine, target)
    except (FileExistsError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    except subprocess.CalledProcessError as error:
        raise click.ClickException(f"pg_dump failed: {error.stderr.decode().strip()}") from None
    click.echo(f"Backed up to {written} ({written.stat().st_size:,} bytes).")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(users)
    app.cli.add_command(backup_command)
