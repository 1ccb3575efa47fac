from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from award.formtools import FlaskForm, email_field


def account_email():
    return email_field(_l("E-mail"), _l("Skriv din e-mailadresse."), autocomplete="username")


class LoginForm(FlaskForm):
    email = account_email()
    password = PasswordField(_l("Adgangskode"),
                             validators=[InputRequired(_l("Skriv din adgangskode."))],
                             render_kw={"type": "password", "autocomplete": "current-password"})


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("Ny adgangskode"),
        validators=[InputRequired(_l("Skriv en adgangskode.")),
                    Length(max=200, message=_l("Adgangskoden må højst være 200 tegn lang."))],
        description=_l("Mindst 12 tegn. Brug gerne en sætning, du kan huske."),
        render_kw={"type": "password", "autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gentag adgangskoden"),
        validators=[InputRequired(_l("Skriv adgangskoden igen.")),
                    EqualTo("password", message=_l("De to adgangskoder er ikke ens."))],
        render_kw={"type": "password", "autocomplete": "new-password"},
    )

    def validate_password(self, field):
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data or "") < minimum:
            raise ValidationError(_l("Adgangskoden skal være mindst %(count)d tegn lang.",
                                     count=minimum))


class ResetRequestForm(FlaskForm):
    email = account_email()
