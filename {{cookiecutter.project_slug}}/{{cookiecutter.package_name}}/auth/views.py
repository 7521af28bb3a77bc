"""Register, log in and log out (Flask-Login session, Flask-WTF CSRF)."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from .forms import LoginForm, RegisterForm, posted_fields
from .service import UserError, authenticate, create_user, delete_account
from .signals import user_logging_out

bp = Blueprint("auth", __name__)


def safe_next_url(target: str | None) -> str:
    """Only same-site paths: '/x' yes; '//evil', 'https://evil', '/\\evil' no."""
    default = url_for("demo.dashboard")
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm(formdata=posted_fields())
    if form.validate_on_submit():
        try:
            user = create_user(
                db.session, form.username.data, form.password.data, form.display_name.data
            )
        except UserError as exc:
            form.username.errors.append(str(exc))
        else:
            login_user(user)
            return redirect(url_for("demo.dashboard"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm(formdata=posted_fields())
    if form.validate_on_submit():
        user = authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next_url(request.args.get("next")))
        flash("Wrong username or password.", "error")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        user_logging_out.send(current_user._get_current_object())
        logout_user()
    return redirect(url_for("auth.login"))


@bp.app_errorhandler(429)
def too_many_attempts(exc):
    """The form again, with the reason; Flask-Limiter adds Retry-After. API paths get
    the JSON error shape from errors.py instead."""
    from ..errors import handle_http_error_json, is_api_request

    if is_api_request():
        exc.description = f"Too many requests ({exc.description}); retry after Retry-After."
        return handle_http_error_json(exc)
    pages = {"auth.register": ("auth/register.html", RegisterForm)}
    template, form_class = pages.get(request.endpoint, ("auth/login.html", LoginForm))
    flash("Too many attempts from here. Wait a minute, then try again.", "error")
    return render_template(template, form=form_class(formdata=None)), 429


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


@bp.post("/account/delete")
@login_required
def delete():
    user = current_user._get_current_object()
    username = user.username
    user_logging_out.send(user)
    logout_user()
    for problem in delete_account(db.session, user):
        flash(problem, "error")
    flash(f"The account {username} was deleted.", "success")
    return redirect(url_for("auth.login"))
