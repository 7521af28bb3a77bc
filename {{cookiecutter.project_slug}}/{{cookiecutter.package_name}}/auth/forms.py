from flask import request
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..models import DISPLAY_NAME_MAX, USERNAME_PATTERN

MIN_PASSWORD_LENGTH = 8


def posted_fields():
    """What the forms read: a POST's form fields, never its JSON. Left to itself,
    Flask-WTF also feeds a JSON body to the form and crashes on a JSON array (a 500);
    a JSON body now simply fails validation (400)."""
    return request.form if request.method == "POST" else None


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=32)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Regexp(
                f"^{USERNAME_PATTERN.pattern}$",
                message="2-32 characters: lowercase letters, digits, '.', '_' or '-'.",
            ),
        ],
        filters=[lambda value: value.strip().lower() if value else value],
    )
    display_name = StringField(
        "Display name", validators=[DataRequired(), Length(max=DISPLAY_NAME_MAX)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1024)]
    )
